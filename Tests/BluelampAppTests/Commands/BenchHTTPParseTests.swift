import Testing

@testable import BluelampApp

/// `bench http` reads wrk's report, and says what kind each error was: a request that waited past wrk's timeout is
/// the load, an answer that was not 2xx or 3xx is the server's.
@Suite struct BenchHTTPParseTests {
    static let report = """
        Running 10s test @ http://127.0.0.1:8080/inspection
          2 threads and 256 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     3.01s     1.20s    9.33s    70.00%
          Latency Distribution
             50%    2.86s
             75%    3.50s
             90%    4.90s
             99%    8.95s
          612 requests in 10.01s, 50.12MB read
          Socket errors: connect 0, read 0, write 0, timeout 2
          Non-2xx or 3xx responses: 1
        Requests/sec:     61.14
        Transfer/sec:      5.01MB
        """

    @Test func `the rate, the percentiles and each kind of error are read`() throws {
        let result = try #require(BenchHTTPCommand.parse(Self.report, name: "dashboard", connections: 256))
        #expect(result.requestsPerSecond == 61.14)
        #expect(result.p50 == 2_860)
        #expect(result.p99 == 8_950)
        #expect(result.errors == 3)
        #expect(result.errorText == "3 (2 timeout, 1 non-2xx)")
        #expect(BenchHTTPCommand.table([result], markdown: true).contains("| 3 (2 timeout, 1 non-2xx) |"))
    }

    @Test func `a clean run has no errors, and a report without its figures is refused`() throws {
        let clean = Self.report.split(separator: "\n").filter { !$0.contains("errors") && !$0.contains("Non-2xx") }
            .joined(separator: "\n")
        let result = try #require(BenchHTTPCommand.parse(clean, name: "dashboard", connections: 256))
        #expect(result.errors == 0)
        #expect(result.errorText == "0")
        #expect(BenchHTTPCommand.parse("Running 10s test", name: "x", connections: 1) == nil)
    }
}
