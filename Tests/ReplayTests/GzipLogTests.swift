import CostCore
import CostIO
import Foundation
import Testing

@testable import Replay

@Suite struct GzipLogTests {
  static func gzip(_ path: String, to output: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -c '\(path)' > '\(output)'"]
    try process.run()
    process.waitUntilExit()
  }

  /// The id set is sized from the length a gzip file records; only a plausible one is used.
  @Test func recordedSizeOfAGzipLog() throws {
    let text = ParallelReplayTests.mixedLog(lines: 500, seed: 4).joined(separator: "\n")
    let path = try ReplayFixtures.write(text)
    let gz = path + ".gz"
    let noise = path + ".bin"
    let noiseGz = noise + ".gz"
    defer { for p in [path, gz, noise, noiseGz] { try? FileManager.default.removeItem(atPath: p) } }
    try GzipLogTests.gzip(path, to: gz)
    #expect(RequestLogReader.BatchReader.gzipSize(gz) == text.utf8.count)
    // Random bytes compress to more than themselves: a recorded size below the file's is not believed.
    var rng = SplitMix64(seed: 9)
    try Data((0..<4_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }).write(to: URL(fileURLWithPath: noise))
    try GzipLogTests.gzip(noise, to: noiseGz)
    #expect(RequestLogReader.BatchReader.gzipSize(noiseGz) == nil)
    #expect(RequestLogReader.BatchReader.gzipSize("/nonexistent/x.gz") == nil)
  }

  @Test func compressedLogsReplayIdentically() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let gz = dir.appendingPathComponent("log.jsonl.gz").path
    try GzipLogTests.gzip(ReplayFixtures.example, to: gz)
    let (plain, _) = try ReplayFixtures.replay([ReplayFixtures.example])
    let (compressed, summary) = try ReplayFixtures.replay([gz])
    #expect(summary.records == 9)
    #expect(compressed.totals == plain.totals)
    // Two concatenated gzip members read as one log (the second half's ids are new, so all count).
    let second = dir.appendingPathComponent("b.jsonl").path
    try String(contentsOfFile: ReplayFixtures.example, encoding: .utf8).replacingOccurrences(of: "\"req_", with: "\"b_")
      .write(toFile: second, atomically: true, encoding: .utf8)
    let both = dir.appendingPathComponent("both.gz").path
    try GzipLogTests.gzip(second, to: dir.appendingPathComponent("b.gz").path)
    let joined = try Data(contentsOf: URL(fileURLWithPath: gz)) + Data(contentsOf: dir.appendingPathComponent("b.gz"))
    try joined.write(to: URL(fileURLWithPath: both))
    let (twice, _) = try ReplayFixtures.replay([both])
    #expect(twice.totals.requests == 2 * plain.totals.requests)
  }

  @Test func truncatedGzipIsAClearError() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let gz = dir.appendingPathComponent("log.gz").path
    try GzipLogTests.gzip(ReplayFixtures.example, to: gz)
    let data = try Data(contentsOf: URL(fileURLWithPath: gz))
    let cut = dir.appendingPathComponent("cut.gz").path
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
    #expect {
      _ = try ReplayFixtures.replay([cut])
    } throws: { "\($0)".contains("truncated .gz") || "\($0)".contains("not valid gzip") || "\($0)".contains("not valid JSON") }
  }
}
