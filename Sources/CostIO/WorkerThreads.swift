import Dispatch
import Foundation

/// A fixed set of threads, each running the work it is handed, one piece at a time: replay's workers keep
/// their thread (and its caches) for the whole file, independent of Dispatch's shared pool.
final class WorkerThreads: @unchecked Sendable {
  private let wake: [DispatchSemaphore]
  private var work: [(@Sendable () -> Void)?]
  private var stopping = false

  init(count: Int) {
    wake = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    work = Array(repeating: nil, count: count)
    for index in 0..<count {
      let thread = Thread { [self] in loop(index) }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  var count: Int { wake.count }

  /// Runs `body` on thread `index`; `group` is entered now and left when `body` returns.
  func run(_ index: Int, in group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    work[index] = {
      body()
      group.leave()
    }
    wake[index].signal()
  }

  /// Ends the threads once they finish what they were given.
  func stop() {
    stopping = true
    for semaphore in wake { semaphore.signal() }
  }

  private func loop(_ index: Int) {
    while true {
      wake[index].wait()
      guard let body = work[index] else {
        if stopping { return }
        continue
      }
      work[index] = nil
      body()
    }
  }
}
