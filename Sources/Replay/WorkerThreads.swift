import CostCore
import CostIO
import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads, each running the work it is handed in order: replay's workers keep their
/// thread (and its caches) for the whole file, independent of Dispatch's shared pool. Work handed to a
/// busy thread waits in that thread's queue, so a reader can hand over the next batch before the
/// current one is done and no thread idles between batches.
final class WorkerThreads: Sendable {
  private let wake: [DispatchSemaphore]
  /// Each thread's queue (one lock for all: it is taken twice per batch and thread).
  private let queues: Mutex<[[@Sendable () -> Void]]>
  private let stopping = Atomic<Bool>(false)

  init(count: Int) {
    wake = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    queues = Mutex(Array(repeating: [], count: count))
    for index in 0..<count {
      let thread = Thread { [self] in loop(index) }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  var count: Int { wake.count }

  /// Runs `body` on thread `index` after what it was given before; `group` is entered now and left
  /// when `body` returns.
  func run(_ index: Int, in group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    queues.withLock {
      $0[index].append {
        body()
        group.leave()
      }
    }
    wake[index].signal()
  }

  /// Ends the threads once they finish what they were given.
  func stop() {
    stopping.store(true, ordering: .releasing)
    for semaphore in wake { semaphore.signal() }
  }

  private func loop(_ index: Int) {
    while true {
      wake[index].wait()
      let body = queues.withLock { $0[index].isEmpty ? nil : $0[index].removeFirst() }
      guard let body else {
        if stopping.load(ordering: .acquiring) { return }
        continue
      }
      body()
    }
  }
}
