import Foundation

/// Tells whether an import recorded as running is still alive in some process.
///
/// A running import holds a POSIX record lock on one byte (its import id) of `<ledger>-imports.lock`;
/// the kernel drops the lock when the process dies, even by `kill -9`. Imports of this process are
/// tracked in memory, because POSIX locks never conflict with their own process.
final class ImportLiveness: @unchecked Sendable {
  private let lockPath: String?
  private let mutex = NSLock()
  private var descriptor: Int32 = -1
  private var ownImports: Set<Int64> = []

  init(ledgerPath: String) {
    lockPath = ledgerPath == ":memory:" ? nil : ledgerPath + "-imports.lock"
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  private func openLockFile() -> Int32 {
    if descriptor >= 0 { return descriptor }
    guard let lockPath else { return -1 }
    descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    if descriptor < 0 { descriptor = open(lockPath, O_RDONLY | O_CLOEXEC) }
    return descriptor
  }

  private func lockRecord(_ id: Int64, type: Int32) -> flock {
    var lock = flock()
    lock.l_type = Int16(type)
    lock.l_whence = Int16(SEEK_SET)
    lock.l_start = off_t(id)
    lock.l_len = 1
    return lock
  }

  /// Marks `id` as running in this process (until ``end(_:)`` or the process exits).
  func begin(_ id: Int64) {
    mutex.lock()
    defer { mutex.unlock() }
    ownImports.insert(id)
    let fd = openLockFile()
    guard fd >= 0 else { return }
    var lock = lockRecord(id, type: Int32(F_WRLCK))
    _ = fcntl(fd, F_SETLK, &lock)
  }

  func end(_ id: Int64) {
    mutex.lock()
    defer { mutex.unlock() }
    ownImports.remove(id)
    guard descriptor >= 0 else { return }
    var lock = lockRecord(id, type: Int32(F_UNLCK))
    _ = fcntl(descriptor, F_SETLK, &lock)
  }

  /// Runs `body` holding the ledger's writer turn: a blocking lock on byte 0 of the lock file (import ids
  /// start at 1). The kernel wakes a waiting process as soon as the holder lets go, so two imports take
  /// turns batch by batch instead of one starving in SQLite's sleep-and-retry busy handler.
  func withWriterTurn<T>(_ body: () throws -> T) rethrows -> T {
    mutex.lock()
    let fd = openLockFile()
    mutex.unlock()
    guard fd >= 0 else { return try body() }
    var lock = lockRecord(0, type: Int32(F_WRLCK))
    while fcntl(fd, F_SETLKW, &lock) != 0, errno == EINTR {}
    defer {
      var unlock = lockRecord(0, type: Int32(F_UNLCK))
      _ = fcntl(fd, F_SETLK, &unlock)
    }
    return try body()
  }

  /// True when `id` is running here or in another live process; false when its process is gone.
  func isAlive(_ id: Int64) -> Bool {
    mutex.lock()
    defer { mutex.unlock() }
    if ownImports.contains(id) { return true }
    let fd = openLockFile()
    guard fd >= 0 else { return false }
    var lock = lockRecord(id, type: Int32(F_WRLCK))
    guard fcntl(fd, F_GETLK, &lock) == 0 else { return false }
    return lock.l_type != Int16(F_UNLCK)
  }
}
