import Foundation
import Testing
@testable import KafkitCLI

@Suite("perf-test building blocks")
struct PerfTestUnitTests {
    @Test func javaFixedFormatRoundsTheShortestDecimalHalfUp() {
        #expect(JavaFloatFormat.fixed(0.125, precision: 2) == "0.13")
        #expect(JavaFloatFormat.fixed(0.15, precision: 1) == "0.2")
        #expect(JavaFloatFormat.fixed(26397.25, precision: 1) == "26397.3")
        #expect(JavaFloatFormat.fixed(2.5, precision: 0) == "3")
        #expect(JavaFloatFormat.fixed(1552.96, precision: 2) == "1552.96")
        #expect(JavaFloatFormat.fixed(2582, precision: 2) == "2582.00")
        #expect(JavaFloatFormat.fixed(9.9999, precision: 2) == "10.00")
        #expect(JavaFloatFormat.fixed(0.00004, precision: 4) == "0.0000")
        #expect(JavaFloatFormat.fixed(0.00005, precision: 4) == "0.0001")
        #expect(JavaFloatFormat.fixed(1e20, precision: 1) == "100000000000000000000.0")
        #expect(JavaFloatFormat.fixed(-3.14159, precision: 3) == "-3.142")
        #expect(JavaFloatFormat.fixed(.nan, precision: 2) == "NaN")
        #expect(JavaFloatFormat.fixed(.infinity, precision: 4) == "Infinity")
        #expect(JavaFloatFormat.fixed(-.infinity, precision: 4) == "-Infinity")
        #expect(JavaFloatFormat.fixed(19.0735, precision: 4) == "19.0735")
        #expect(JavaFloatFormat.fixed(262123.19790, precision: 4) == "262123.1979")
    }

    @Test func javaNumberParsing() {
        #expect(JavaNumberParsing.int64("+42") == 42)
        #expect(JavaNumberParsing.int64("-9223372036854775808") == Int64.min)
        #expect(JavaNumberParsing.int64("9223372036854775808") == nil)
        #expect(JavaNumberParsing.int64(" 1") == nil)
        #expect(JavaNumberParsing.int64("") == nil)
        #expect(JavaNumberParsing.int32("2147483648") == nil)
        #expect(JavaNumberParsing.double("-1") == -1)
        #expect(JavaNumberParsing.double(" 1e3 ") == 1000)
        #expect(JavaNumberParsing.double("2.5d") == 2.5)
        #expect(JavaNumberParsing.double(".5") == 0.5)
        #expect(JavaNumberParsing.double("NaN")?.isNaN == true)
        #expect(JavaNumberParsing.double("Infinity") == .infinity)
        #expect(JavaNumberParsing.double("nan") == nil)
        #expect(JavaNumberParsing.double("inf") == nil)
        #expect(JavaNumberParsing.double("1e") == nil)
        #expect(JavaNumberParsing.double("fast") == nil)
    }

    @Test func scannerTokensLikeJava() throws {
        #expect(PayloadScanner.literalTokens(of: "a\nb\n", delimiter: "\n") == ["a", "b"])
        #expect(PayloadScanner.literalTokens(of: "\n\na", delimiter: "\n") == ["", "a"])
        #expect(PayloadScanner.literalTokens(of: "a\n\nb", delimiter: "\n") == ["a", "", "b"])
        #expect(PayloadScanner.literalTokens(of: "\n", delimiter: "\n") == [])
        #expect(try PayloadScanner.tokens(of: "alpha,beta,,gamma,", delimiter: ",") == ["alpha", "beta", "", "gamma"])
        #expect(try PayloadScanner.tokens(of: "x1y22z", delimiter: "[0-9]+") == ["x", "y", "z"])
        #expect(try PayloadScanner.tokens(of: "a|b", delimiter: "\\|") == ["a", "b"])
        #expect(throws: (any Error).self) { try PayloadScanner.tokens(of: "a", delimiter: "(") }
    }

    @Test func splittableRandomIsDeterministicAndBounded() {
        var first = SplittableRandom(seed: 0)
        var second = SplittableRandom(seed: 0)
        let a = (0..<1000).map { _ in first.nextInt(bound: 26) }
        let b = (0..<1000).map { _ in second.nextInt(bound: 26) }
        #expect(a == b)
        #expect(a.allSatisfy { (0..<26).contains($0) })
        #expect(Set(a).count == 26)
        var power = SplittableRandom(seed: 7)
        #expect((0..<100).allSatisfy { _ in (0..<8).contains(power.nextInt(bound: 8)) })
    }

    @Test func throttlerDecidesLikeKafka() async {
        let unthrottled = ThroughputThrottler(targetThroughput: -1, startMs: 0)
        #expect(!unthrottled.shouldThrottle(amountSoFar: 1_000_000, sendStartMs: 1))
        let throttler = ThroughputThrottler(targetThroughput: 100, startMs: 1000)
        #expect(!throttler.shouldThrottle(amountSoFar: 50, sendStartMs: 1000))
        #expect(!throttler.shouldThrottle(amountSoFar: 50, sendStartMs: 1500))
        #expect(throttler.shouldThrottle(amountSoFar: 51, sendStartMs: 1500))
        var sleeper = ThroughputThrottler(targetThroughput: 100, startMs: 0)
        let start = ContinuousClock.now
        await sleeper.throttle()
        #expect(ContinuousClock.now - start >= .milliseconds(9))
        // Below the 2 ms minimum nothing sleeps yet.
        var fast = ThroughputThrottler(targetThroughput: 1_000_000, startMs: 0)
        let quick = ContinuousClock.now
        await fast.throttle()
        #expect(ContinuousClock.now - quick < .seconds(5))
    }

    @Test func windowAndSummaryLinesHaveKafkasLayout() throws {
        let console = ToolConsole.capturing()
        let stats = ProducerPerformanceStats(numRecords: 10, console: console, reportingIntervalMs: 0)
        let now = ProducerPerformanceStats.currentTimeMillis()
        stats.record(sends: [PendingSend(startMs: now - 3, bytes: 100), PendingSend(startMs: now - 1, bytes: 100)], completedAt: now + 5)
        // With a 0 ms interval every completion closes a window.
        #expect(console.capturedOut.split(separator: "\n").count == 2)
        let kafkaWindow = try #require(PerfTestFixtures.stdoutLines("20-producer-perf-test.txt").first)
        var window = ProducerPerformanceStats.State(start: 0, latencies: [0], sampling: 1, windowStart: 10_000)
        (window.windowCount, window.windowBytes, window.windowTotalLatency, window.windowMaxLatency) = (131_986, 13_198_600, 149_579_000, 1951)
        let line = ProducerPerformanceStats.windowLine(window, now: 15_000)
        #expect(PerfTestFixtures.layout(line) == PerfTestFixtures.layout(kafkaWindow))
        #expect(line.hasPrefix("131986 records sent, 26397.2 records/sec (2.52 MB/sec), "))
        var snapshot = stats.snapshot
        snapshot.start -= 1000
        let summary = ProducerPerformanceStats.totalLine(&snapshot, now: snapshot.start + 1000)
        #expect(PerfTestFixtures.layout(summary) == PerfTestFixtures.layout(try #require(PerfTestFixtures.stdoutLines("20-producer-perf-test.txt").last)))
        #expect(summary == "2 records sent, 2.0 records/sec (0.00 MB/sec), 7.00 ms avg latency, 8.00 ms max latency, 8 ms 50th, 8 ms 95th, 8 ms 99th, 8 ms 99.9th.")
    }

    @Test func percentilesSampleAtMostHalfAMillion() {
        let console = ToolConsole.capturing()
        let stats = ProducerPerformanceStats(numRecords: 1_000_000, console: console)
        let sends = (0..<10).map { PendingSend(startMs: Int64($0), bytes: 1) }
        stats.record(sends: sends, completedAt: 100)
        // Every second record is sampled: latencies 100, 98, 96, 94, 92.
        #expect(stats.snapshot.index == 5)
        var latencies: [Int32] = [5, 1, 4, 2, 3, 0]
        #expect(ProducerPerformanceStats.percentiles(&latencies, count: 5, [0.5, 0.95, 0.99, 0.999]) == [3, 5, 5, 5])
    }

    @Test func simpleDateFormatPatterns() throws {
        let millis: Int64 = 1_795_000_000_123
        let format = try SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS")
        let text = format.format(epochMillis: millis)
        #expect(PerfTestFixtures.layout(text) == "N-N-N N:N:N:N")
        #expect(text.hasSuffix(":123"))
        #expect(text.count == 23)
        #expect(try SimpleDateFormat("'at' HH 'o''clock'").format(epochMillis: millis).hasPrefix("at "))
        #expect(try SimpleDateFormat("''").format(epochMillis: millis) == "'")
        #expect(try SimpleDateFormat("S").format(epochMillis: 5).hasSuffix("5"))
        #expect(try SimpleDateFormat("MMM").format(epochMillis: millis).count == 3)
        #expect(throws: SimpleDateFormat.PatternError(message: "Illegal pattern character 'q'")) { try SimpleDateFormat("yyyy-qq") }
        #expect(throws: SimpleDateFormat.PatternError(message: "Unterminated quote")) { try SimpleDateFormat("'abc") }
    }
}
