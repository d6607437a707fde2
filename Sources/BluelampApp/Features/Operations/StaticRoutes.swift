import Foundation
import Vapor

/// The stylesheet and other assets, served without sign-in and cached for a day. They are read once
/// from the bundled Resources/Public folder; only the names listed there are served (no path walking).
struct StaticRoutes: RouteCollection {
    let files: [String: (Data, HTTPMediaType)]

    init() {
        var files: [String: (Data, HTTPMediaType)] = [:]
        if let directory = Bundle.module.url(forResource: "Public", withExtension: nil, subdirectory: "Resources"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        {
            for name in names {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
                else { continue }
                let ext = (name as NSString).pathExtension
                files[name] = (data, HTTPMediaType.fileExtension(ext) ?? .binary)
            }
        }
        self.files = files
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("static", ":file", use: serve).anonymous()
    }

    @Sendable func serve(_ req: Request) async throws -> Response {
        guard let name = req.parameters.get("file"), let (data, type) = files[name] else {
            throw Abort(.notFound, reason: "There is no such file.")
        }
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
