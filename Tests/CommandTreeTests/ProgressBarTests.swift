import Testing

@testable import CommandTree

@Suite struct ProgressBarTests {
  @Test func drawsABarPercentageAndSizes() {
    let bar = ProgressBar(width: 60)
    #expect(bar.line(done: 0, total: 1000) == "\r[                              ]   0%  0 B / 1000 B")
    #expect(bar.line(done: 3_040_000, total: 6_710_886) == "\r[#############                 ]  45%  2.9 MB / 6.4 MB")
    #expect(bar.line(done: 6_710_886, total: 6_710_886) == "\r[##############################] 100%  6.4 MB / 6.4 MB")
  }

  @Test func withoutATotalItCountsBytes() {
    #expect(ProgressBar(width: 80).line(done: 1536, total: nil) == "\r1.5 KB")
  }
}
