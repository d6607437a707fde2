import ArgumentParser
import BluelampPersistence
import Foundation
import Logging
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the web server (pages and API).",
        discussion: "Applies any pending migrations first. Stops gracefully on SIGTERM or SIGINT.")

    @ArgumentParser.Option(help: "The address to listen on (default BLUELAMP_HOST or 127.0.0.1).")
    var host: String?

    @ArgumentParser.Option(help: "The port to listen on (default BLUELAMP_PORT or 8080).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535") }
    }

    func run() async throws {
        var settings = try database.settings()
        if let host { settings.host = host }
        if let port { settings.port = port }
        let app = try await makeApplication(settings: settings)
        app.logger.notice("Bluelamp serving on http://\(settings.host):\(settings.port) using \(settings.database)")
        try await serve(app, settings: settings)
    }
}
