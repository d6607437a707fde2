import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

struct ExportPoliceUKCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "police-uk", abstract: "Export a month in police.uk's street or outcomes format.",
        discussion: "Imported rows come out exactly as they went in, in file order; crimes recorded here follow.")

    @ArgumentParser.Option(help: "The month, YYYY-MM.")
    var month: String

    @ArgumentParser.Option(help: "street (crimes and anti-social behaviour) or outcomes.")
    var kind: String = "street"

    @ArgumentParser.Option(help: "The file to write (default: standard output).")
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard PoliceUKMonth(month) != nil else { throw ValidationError("--month must be YYYY-MM, e.g. 2019-01") }
        guard PoliceUKFileKind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be street or outcomes")
        }
    }

    func run() async throws {
        let settings = try database.settings()
        let app = try await makeApplication(settings: settings)
        do {
            let text = try await PoliceUKExporter.file(
                PoliceUKFileKind(rawValue: kind)!, month: PoliceUKMonth(month)!, on: app.db)
            if let out {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: out))
                } catch {
                    throw CommandFailure(message: "cannot write \(out)")
                }
                let rows = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
                FileHandle.standardError.write(Data("Wrote \(rows) rows to \(out)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
