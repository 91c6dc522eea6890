import Foundation
import TestSupport
import Testing

/// End-to-end tests of `import`, `report`, `ledger status|check` and `export`, run on the built binary.
/// Each test has its own temporary folder and ledger; nothing touches the network.
enum LedgerCLI {
  /// A fresh temporary folder.
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-ledger-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// `scripts/generate-request-log.py --records N --seed S --output PATH`.
  static func generate(records: Int, seed: Int, to path: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", CLI.root.appendingPathComponent("scripts/generate-request-log.py").path, "--records", "\(records)", "--seed", "\(seed)", "--output",
      path,
    ]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
  }

  /// The number of distinct request ids in the JSONL files (what the ledger must hold after importing them).
  static func distinctIDs(_ paths: [String]) throws -> Int {
    var ids = Set<String>()
    for path in paths {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      for line in text.split(separator: "\n") {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = object["id"] as? String else {
          continue
        }
        ids.insert(id)
      }
    }
    return ids.count
  }

  /// Stored usage records, from `ledger status --format json`.
  static func storedRecords(_ db: String) throws -> Int? {
    let run = try CLI.run(["ledger", "status", "--db", db, "--format", "json"])
    guard run.status == 0, let json = try? CLI.json(run), let rows = json["rows"] as? [String: Any] else { return nil }
    return rows["usage_records"] as? Int
  }

  /// Starts the binary without waiting for it.
  static func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = arguments
    process.currentDirectoryURL = CLI.root
    var environment = ProcessInfo.processInfo.environment
    environment["IMAGECOST_TODAY"] = "2026-11-24"
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Lines `range` of `source` written to `path`.
  static func slice(_ source: String, lines range: Range<Int>, to path: String) throws {
    let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    try (lines[range].joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  }
}

@Suite struct LedgerCommandTests {
  @Test func importIsIdempotentAndSaysSo() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    let first = try CLI.run(["import", "--db", db, "examples/logs/2026-10.jsonl", "examples/exports/azure-costs.csv"])
    #expect(first.status == 0, "\(first.stderr)")
    // The log repeats one request id: a duplicate within the file, not a row already in the ledger.
    #expect(first.stdout.contains("examples/logs/2026-10.jsonl: 8 new, 0 already present, 1 duplicate within the file, 0 skipped"))
    #expect(first.stdout.contains("examples/exports/azure-costs.csv: 6 new, 0 already present, 0 skipped"))
    let again = try CLI.run(["import", "--db", db, "examples/logs/2026-10.jsonl"])
    #expect(again.status == 0)
    #expect(again.stdout == "examples/logs/2026-10.jsonl: 0 new, 8 already present, 1 duplicate within the file, 0 skipped\n")
    let status = try CLI.run(["ledger", "status", "--db", db])
    #expect(status.status == 0)
    #expect(status.stdout.contains("schema version 3"))
    #expect(status.stdout.contains("usage records: 8 (2026-10-01 – 2026-10-05)"))
    #expect(status.stdout.contains("priced 5, estimated 1, unbilled 1, unpriced 1"))
    let check = try CLI.run(["ledger", "check", "--db", db])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("OK"))
  }

  @Test func defaultLocationComesFromTheEnvironment() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try CLI.run(["import", "examples/logs/2026-10.jsonl"], environment: ["XDG_DATA_HOME": dir.path, "IMAGECOST_DB": ""])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("imagecost/ledger.sqlite").path))
    let viaEnv = try CLI.run(["report", "--by", "model"], environment: ["IMAGECOST_DB": dir.appendingPathComponent("imagecost/ledger.sqlite").path])
    #expect(viaEnv.status == 0, "\(viaEnv.stderr)")
    #expect(viaEnv.stdout.contains("gpt-image-1.5"))
  }

  @Test(arguments: ["csv", "json", "md", "table"])
  func reportEqualsReplayOfTheSameFile(format: String) throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    // A log without duplicate ids or unknown fields, so replay has no notes the ledger cannot have.
    let log = dir.appendingPathComponent("clean.jsonl").path
    let lines = try String(contentsOfFile: CLI.root.appendingPathComponent("examples/logs/2026-10.jsonl").path, encoding: .utf8).split(
      separator: "\n")
    var seen = Set<String>()
    let unique = lines.filter { line in
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return object?["trace_id"] == nil && seen.insert(object?["id"] as? String ?? "").inserted
    }
    try (unique.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["import", "--db", db, log]).status == 0)
    // The same report but for what it says it is: a report of the ledger, its period and sources.
    func body(_ text: String) -> String {
      switch format {
      case "json":
        var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        for key in ["title", "period", "sources"] { object[key] = nil }
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
      case "md", "table":
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
          .filter { !$0.hasPrefix("Period: ") && !$0.hasPrefix("Sources: ") }.joined(separator: "\n").trimmingCharacters(in: .newlines)
      default:
        return text
      }
    }
    for by in ["month,model", "model,quality,size", "day,tag:project"] {
      let report = try CLI.run(["report", "--db", db, "--by", by, "--format", format])
      let replay = try CLI.run(["replay", log, "--by", by, "--format", format])
      #expect(report.status == 0, "\(report.stderr)")
      #expect(body(report.stdout) == body(replay.stdout), "--by \(by) --format \(format)")
      if format == "table" {
        #expect(report.stdout.hasPrefix("Report of the ledger \(db)\n\nPeriod: 2026-10-01 to 2026-10-0"), "\(report.stdout)")
        #expect(report.stdout.contains(" (every stored day)\nSources: \(log)\n\n"), "\(report.stdout)")
      }
    }
    let whatIf = [
      "--what-if", "model=gpt-image-1-mini", "--what-if", "quality=low", "--price-date", "2026-11-24", "--format", format, "--by", "model",
    ]
    #expect(body(try CLI.run(["report", "--db", db] + whatIf).stdout) == body(try CLI.run(["replay", log] + whatIf).stdout))
  }

  @Test func reportFiltersAndValidation() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    #expect(try CLI.run(["report", "--db", db]).stderr.contains("There is no ledger at \(db) yet"))
    #expect(try CLI.run(["import", "--db", db, "examples/logs/2026-10.jsonl"]).status == 0)
    let filtered = try CLI.run([
      "report", "--db", db, "--since", "2026-10-02", "--until", "2026-10-04", "--provider", "openai", "--by", "model", "--format", "json",
    ])
    #expect(filtered.status == 0, "\(filtered.stderr)")
    let totals = try #require(try CLI.json(filtered)["totals"] as? [String: Any])
    #expect(totals["requests"] as? Int == 2)  // req_0003 and req_0004 (2026-10-02); 2026-10-04 is excluded
    let bad = try CLI.run(["report", "--db", db, "--since", "2026-10-05", "--until", "2026-10-01"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("half-open"))
    #expect(try CLI.run(["report", "--db", db, "--tag", "project"]).stderr.contains("KEY=VALUE"))
    let actual = try CLI.run(["report", "--db", db, "--actual"])
    #expect(actual.status == 0)
  }

  @Test func exportRoundTrips() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    let log = dir.appendingPathComponent("gen.jsonl").path
    try LedgerCLI.generate(records: 3_000, seed: 21, to: log)
    #expect(try CLI.run(["import", "--db", db, log, "examples/logs/2026-10.jsonl"]).status == 0)
    let export = try CLI.run(["export", "--db", db, "--format", "jsonl"])
    #expect(export.status == 0, "\(export.stderr)")
    let all = dir.appendingPathComponent("all.jsonl").path
    try export.stdout.write(toFile: all, atomically: true, encoding: .utf8)
    let records = try #require(try LedgerCLI.storedRecords(db))
    #expect(export.stdout.split(separator: "\n").count == records)
    let again = try CLI.run(["import", "--db", db, all])
    #expect(again.stdout.contains(": 0 new, \(grouped(records)) already present, 0 skipped"))
    let fresh = dir.appendingPathComponent("fresh.sqlite").path
    #expect(try CLI.run(["import", "--db", fresh, all]).stdout.contains(": \(grouped(records)) new, 0 already present"))
    for by in ["month,model", "model,quality,size,tag:team"] {
      let a = try CLI.run(["report", "--db", db, "--by", by, "--format", "csv"])
      let b = try CLI.run(["report", "--db", fresh, "--by", by, "--format", "csv"])
      #expect(a.status == 0)
      #expect(a.stdout == b.stdout)
    }
  }

  @Test func wrongFileAsLedgerIsRefusedUntouched() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let notes = dir.appendingPathComponent("notes.txt")
    try Data("not a database at all\n".utf8).write(to: notes)
    for arguments in [["import", "examples/logs/2026-10.jsonl"], ["report"], ["ledger", "status"], ["export"]] {
      let run = try CLI.run(arguments + ["--db", notes.path])
      #expect(run.status == 1, "\(arguments)")
      #expect(run.stderr.contains("\(notes.path) is not an imagecost ledger (not a SQLite database); it was left untouched"), "\(run.stderr)")
    }
    let check = try CLI.run(["ledger", "check", "--db", notes.path])
    #expect(check.status == 1)
    #expect(try Data(contentsOf: notes) == Data("not a database at all\n".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
  }

  @Test func readOnlyLedgerIsAClearErrorForImportsAndStillReports() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    #expect(try CLI.run(["import", "--db", db, "examples/logs/2026-10.jsonl"]).status == 0)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db) }
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    let run = try CLI.run(["import", "--db", db, "examples/logs/2026-10.jsonl"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("The ledger \(db) is read-only"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    let report = try CLI.run(["report", "--db", db, "--by", "model"])
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdout.contains("gpt-image-1.5"))
  }

  @Test func checkReportsADamagedLedger() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    let log = dir.appendingPathComponent("gen.jsonl").path
    try LedgerCLI.generate(records: 5_000, seed: 4, to: log)
    #expect(try CLI.run(["import", "--db", db, log]).status == 0)
    #expect(try CLI.run(["ledger", "check", "--db", db]).status == 0)
    // Overwrite the middle of every eighth page (the 100-byte header is left alone).
    let handle = try #require(FileHandle(forUpdatingAtPath: db))
    let size = try handle.seekToEnd()
    for page in stride(from: UInt64(1), to: size / 4096, by: 8) {
      try handle.seek(toOffset: page * 4096 + 200)
      handle.write(Data(repeating: 0x5A, count: 2000))
    }
    try handle.close()
    let check = try CLI.run(["ledger", "check", "--db", db])
    #expect(check.status == 1)
    #expect(check.stderr.contains("problem:"))
    #expect(check.stderr.contains("failed the check"))
    let report = try CLI.run(["report", "--db", db])
    #expect(report.status == 1)
    #expect(report.stderr.hasPrefix("error: "))
  }
}

@Suite(.serialized) struct LedgerCrashTests {
  /// Kills a real import with SIGKILL half-way, checks the ledger, runs the import again, and checks
  /// that every record is stored exactly once and the report equals replay.
  @Test func killDashNineMidImportThenResume() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    let log = dir.appendingPathComponent("big.jsonl").path
    try LedgerCLI.generate(records: 120_000, seed: 99, to: log)
    let expected = try LedgerCLI.distinctIDs([log])
    let process = try LedgerCLI.start(["import", "--db", db, log])
    // Wait until a few batches are committed, then kill it without warning.
    let deadline = Date().addingTimeInterval(120)
    var stored = 0
    while Date() < deadline, process.isRunning {
      stored = (try? LedgerCLI.storedRecords(db)).flatMap { $0 } ?? 0
      if stored >= 20_000 { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    try #require(process.isRunning, "the import finished before it could be killed; use a bigger log")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    let partial = try #require(try LedgerCLI.storedRecords(db))
    #expect(partial >= stored)
    #expect(partial < expected)
    // Whole batches only: the import's own count (updated in each batch's transaction) matches the rows.
    let interrupted = try CLI.json(try CLI.run(["ledger", "status", "--db", db, "--format", "json"]))
    let record = try #require((interrupted["imports"] as? [[String: Any]])?.first)
    #expect(record["new"] as? Int == partial)
    #expect(record["state"] as? String == "interrupted")

    let check = try CLI.run(["ledger", "check", "--db", db])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("was interrupted after storing"))
    let status = try CLI.run(["ledger", "status", "--db", db])
    #expect(status.stdout.contains("interrupted"))

    let resumed = try CLI.run(["import", "--db", db, log])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let lines = 120_000
    // The rows stored before the kill are already present; repeated ids are duplicates within the file.
    let duplicates = lines - expected
    let within = duplicates == 0 ? "" : ", \(grouped(duplicates)) duplicate\(duplicates == 1 ? "" : "s") within the file"
    #expect(
      resumed.stdout.contains(": \(grouped(expected - partial)) new, \(grouped(partial)) already present\(within), 0 skipped"), "\(resumed.stdout)")
    #expect(try LedgerCLI.storedRecords(db) == expected)
    #expect(try CLI.run(["ledger", "check", "--db", db]).status == 0)
    // The killed import's rows are priced too: the report's totals equal replay's.
    let report = try CLI.json(try CLI.run(["report", "--db", db, "--by", "month", "--format", "json"]))
    let replay = try CLI.json(try CLI.run(["replay", log, "--by", "month", "--format", "json"]))
    #expect(report["total_usd"] as? String == replay["total_usd"] as? String)
    #expect((report["totals"] as? [String: Any])?["requests"] as? Int == expected)
  }

  /// Two imports of overlapping files into one new ledger at the same time: both complete, every
  /// record is stored once.
  @Test func concurrentOverlappingImports() throws {
    let dir = try LedgerCLI.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    let log = dir.appendingPathComponent("all.jsonl").path
    try LedgerCLI.generate(records: 60_000, seed: 77, to: log)
    let a = dir.appendingPathComponent("a.jsonl").path
    let b = dir.appendingPathComponent("b.jsonl").path
    try LedgerCLI.slice(log, lines: 0..<40_000, to: a)
    try LedgerCLI.slice(log, lines: 20_000..<60_000, to: b)
    let expected = try LedgerCLI.distinctIDs([log])
    let first = try LedgerCLI.start(["import", "--db", db, a])
    let second = try LedgerCLI.start(["import", "--db", db, b])
    first.waitUntilExit()
    second.waitUntilExit()
    #expect(first.terminationStatus == 0)
    #expect(second.terminationStatus == 0)
    #expect(try LedgerCLI.storedRecords(db) == expected)
    #expect(try CLI.run(["ledger", "check", "--db", db]).status == 0)
    let again = try CLI.run(["import", "--db", db, log])
    #expect(again.stdout.contains(": 0 new, \(grouped(expected)) already present, \(grouped(60_000 - expected)) duplicate"), "\(again.stdout)")
    let report = try CLI.json(try CLI.run(["report", "--db", db, "--by", "model", "--format", "json"]))
    #expect((report["totals"] as? [String: Any])?["requests"] as? Int == expected)
  }
}

/// A ledger that cannot be written — a read-only file, or a read-only folder — is still read by every command
/// that only reads, and none of them changes it. As root, file permissions do not stop writes, so the
/// commands then run as `nobody` (setpriv); as any other user they run directly.
@Suite(.serialized) struct ReadOnlyLedgerTests {
  static let isRoot = getuid() == 0
  static let setpriv = "/usr/bin/setpriv"
  static let canDropPrivileges = !isRoot || FileManager.default.isExecutableFile(atPath: setpriv)

  /// Runs the binary as an unprivileged user (nobody when we are root).
  static func run(_ arguments: [String]) throws -> CLIRun {
    try ImagecostBinary.run(
      arguments, today: "2026-11-24", environment: ["HOME": "/nonexistent"],
      launcher: isRoot ? [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : [])
  }

  /// Runs `body` off Swift's cooperative pool (waiting for a process blocks its thread; the live tests'
  /// stand-in server in the same test process needs the pool meanwhile).
  static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
  }

  /// The folder's entries with each one's size and modification time.
  static func listing(_ dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { name in
      let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
      return "\(name) \(attributes[.size] ?? "?") \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }
  }

  @Test(
    .enabled(if: canDropPrivileges), arguments: ["read-only file", "read-only file in a read-only folder", "writable file in a read-only folder"])
  func readCommandsWorkAndWriteNothing(situation: String) async throws {
    let dir = try LedgerCLI.folder()
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
      try? FileManager.default.removeItem(at: dir)
    }
    let db = dir.appendingPathComponent("ledger.sqlite").path
    let log = dir.appendingPathComponent("gen.jsonl").path
    try await Self.offThePool { try LedgerCLI.generate(records: 800, seed: 6, to: log) }
    #expect(try await Self.offThePool { try CLI.run(["import", "--db", db, log, "examples/logs/2026-10.jsonl"]) }.status == 0)
    try FileManager.default.removeItem(atPath: log)
    let expected = try CLI.json(try await Self.offThePool { try CLI.run(["report", "--db", db, "--format", "json"]) })
    let expectedStatus = try CLI.json(try await Self.offThePool { try CLI.run(["ledger", "status", "--db", db, "--format", "json"]) })
    // `ledger status` read it through a read-only connection, which leaves an empty write-ahead log and its
    // index beside it; a ledger copied somewhere read-only has neither.
    #expect(((try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? NSNumber)?.intValue ?? 0) == 0)
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }

    let fileMode = situation == "writable file in a read-only folder" ? 0o666 : 0o444
    let folderMode = situation == "read-only file" ? 0o777 : 0o555
    try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: db)
    try FileManager.default.setAttributes([.posixPermissions: folderMode], ofItemAtPath: dir.path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
    let before = try Self.listing(dir)

    let report = try await Self.offThePool { try Self.run(["report", "--db", db, "--format", "json"]) }
    #expect(report.status == 0, "\(situation): \(report.stderr)")
    let json = try CLI.json(report)
    #expect(json["total_usd"] as? String == expected["total_usd"] as? String)
    #expect((json["totals"] as? [String: Any])?["requests"] as? Int == (expected["totals"] as? [String: Any])?["requests"] as? Int)
    let status = try await Self.offThePool { try Self.run(["ledger", "status", "--db", db, "--format", "json"]) }
    #expect(status.status == 0, "\(situation): \(status.stderr)")
    #expect(
      (try CLI.json(status)["rows"] as? [String: Any])?["usage_records"] as? Int == (expectedStatus["rows"] as? [String: Any])?["usage_records"]
        as? Int)
    let check = try await Self.offThePool { try Self.run(["ledger", "check", "--db", db]) }
    #expect(check.status == 0, "\(situation): \(check.stderr)")
    let live = try await Self.offThePool { try Self.run(["live", "status", "--db", db]) }
    #expect(live.status == 0, "\(situation): \(live.stderr)")
    #expect(live.stdout.contains("No unfinished calls"))
    let export = try await Self.offThePool { try Self.run(["export", "--db", db, "--format", "jsonl"]) }
    #expect(export.status == 0, "\(situation): \(export.stderr)")
    // An import is refused with one sentence, and leaves everything as it was.
    let importing = try await Self.offThePool { try Self.run(["import", "--db", db, "examples/logs/2026-10.jsonl"]) }
    #expect(importing.status == 1)
    #expect(importing.stderr.contains("The ledger \(db) is read-only"), "\(importing.stderr)")

    // Nothing was written: the ledger's bytes and time; in a read-only folder, nothing else either. (In a
    // writable folder SQLite's read-only connection may leave an empty `-wal` and the `-shm` index there.)
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
    let after = try Self.listing(dir)
    if folderMode == 0o555 {
      #expect(after == before)
    } else {
      #expect(after.first { $0.hasPrefix("ledger.sqlite ") } == before.first { $0.hasPrefix("ledger.sqlite ") })
      let walSize = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? NSNumber)?.intValue ?? 0
      #expect(walSize == 0)
    }
  }
}

/// `1234567` as `1,234,567`, as imagecost prints counts.
private func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return (n < 0 ? "-" : "") + out
}
