import CostCore
import Testing

@testable import CostReports

/// `--excel` (issue 17 §4): a byte-order mark, and 15-significant-digit companions of amounts Excel would round.
@Suite struct CSVExcelTests {
  @Test(arguments: [
    ("0.378", 3), ("103.7232", 7), ("5.00", 1), ("0", 0), ("-12.5", 3), ("1234567.123456789", 16), ("0.000000001", 1),
    ("123456789012345", 15), ("1234567890123456", 16), ("1000000.000000000", 7),
  ])
  func significantDigits(text: String, digits: Int) {
    #expect(CSVWriter.significantDigits(text) == digits)
  }

  @Test(arguments: [
    // 16 digits → 15, half-even: …789 → …79 (the dropped 9 rounds up), …785 → …78 (tie, 8 is even), …775 → …78.
    ("1234567.123456789", "1234567.12345679"), ("1234567.123456785", "1234567.12345678"), ("1234567.123456775", "1234567.12345678"),
    ("-1234567.123456789", "-1234567.12345679"), ("9999999.999999999", "10000000"), ("103.7232", "103.7232"),
    ("12345678901234567", "12345678901234600"),
  ])
  func roundedToFifteenDigits(text: String, rounded: String) {
    #expect(CSVWriter.excelRounded(text) == rounded)
  }

  @Test func onlyColumnsThatNeedItGetACompanion() {
    var writer = CSVWriter(header: ["name", "cost_usd", "requests"])
    writer.append(["big", "1234567.123456789", "3"])
    writer.append(["small", "-0.5", "1"])
    writer.append(["none", "", "0"])
    let excel = CSVWriter.excel(writer.text)
    #expect(excel.hasPrefix("\u{FEFF}name,cost_usd,cost_usd_excel,requests\r\n"))
    #expect(excel.contains("\r\nbig,1234567.123456789,1234567.12345679,3\r\n"))
    // A negative amount stays a number (not neutralised), and an empty (unknown) cost stays empty in both columns.
    #expect(excel.contains("\r\nsmall,-0.5,-0.5,1\r\n"))
    #expect(excel.hasSuffix("\r\nnone,,,0\r\n"))
  }

  @Test func eachTableOfASeveralTableCSVIsItsOwn() {
    var groups = CSVWriter(header: ["model", "cost_usd"])
    groups.append(["a", "2.5"])
    var whatIf = CSVWriter(header: ["what_if", "savings_usd"])
    whatIf.append(["=x", "-1234567.123456789"])
    let excel = CSVWriter.excel(groups.text + "\r\n" + whatIf.text)
    #expect(excel == "\u{FEFF}model,cost_usd\r\na,2.5\r\n\r\nwhat_if,savings_usd,savings_usd_excel\r\n'=x,-1234567.123456789,-1234567.12345679\r\n")
  }

  @Test func aCSVWithoutWideAmountsOnlyGetsTheMark() {
    var writer = CSVWriter(header: ["a", "b"])
    writer.append(["say \"hi\", there", "1.5"])
    #expect(CSVWriter.excel(writer.text) == "\u{FEFF}" + writer.text)
  }
}
