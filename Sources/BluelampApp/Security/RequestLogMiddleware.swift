import Vapor

/// One log line per request: method, route pattern (never the filled-in path or query, which may
/// carry a name or a search), status and duration; the request id is on every line of the request's logger.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            log(request, status: response.status.code, start: start)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            log(request, status: status, start: start)
            throw error
        }
    }

    private func log(_ request: Request, status: UInt, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let route = request.route.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") } ?? "(no route)"
        request.logger.info("\(request.method) \(route) \(status) \(String(format: "%.1f", ms))ms")
    }
}
