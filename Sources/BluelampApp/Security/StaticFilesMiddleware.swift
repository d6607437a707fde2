import Vapor

/// Serves the stylesheet and other assets under /static/ without sign-in, cached for a day.
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil, directoryAction: .none)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/static/"), request.method == .GET || request.method == .HEAD else {
            return try await next.respond(to: request)
        }
        let stripped = String(request.url.path.dropFirst("/static".count))
        let original = request.url
        request.url.path = stripped
        let response = try await files.respond(to: request, chainingTo: next)
        request.url = original
        if response.status == .ok { response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400") }
        return response
    }
}
