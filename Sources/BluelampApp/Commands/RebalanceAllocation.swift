import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// `bluelamp allocation rebalance --officer ID`: moves an officer's open crimes back through the allocator,
/// as happens by itself when their status becomes leave or restricted duties. A thin command over
/// `AllocationService.rebalance`, which the tests call directly.
struct RebalanceAllocation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebalance",
        abstract: "Reallocate an officer's open crimes (leave, restricted duties, a move of team).",
        discussion: """
            The officer's crimes that are allocated or under investigation return to the queue and the allocator places \
            them at once among the other investigators of the crimes' BCUs and the force-wide units, within caps. Crimes \
            it cannot place wait in the queue for an allocator. Each moved crime gets a timeline entry and an audit entry.
            """)

    @ArgumentParser.Option(help: "The officer: their id in Bluelamp, or their warrant number.")
    var officer: String

    @ArgumentParser.Option(help: "Why, for the crimes' timelines and the audit log.")
    var reason: String = "officer moved team"

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must not be empty") }
    }

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        let app = try await makeApplication(settings: settings)
        do {
            let service = AllocationService(app.commandService("bluelamp allocation rebalance"))
            print(try await Self.rebalance(officer: officer, reason: reason, service: service))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Finds the officer and rebalances their crimes (each move audited by the use case); returns the line to print.
    static func rebalance(officer text: String, reason: String, service: AllocationService) async throws -> String {
        let officer: RosterOfficer
        let result: AllocationService.Rebalanced
        do {
            officer = try await service.officer(idOrWarrant: text)
            result = try await service.rebalance(officerID: officer.id, reason: reason)
        } catch let error as ServiceError {
            throw CommandFailure(message: error.description, code: 2)
        }
        if result.returned.isEmpty {
            return "\(officer.label) holds no crimes that are allocated or under investigation; nothing moved."
        }
        let returned = result.returned.count
        var line = "\(officer.label): \(returned) open crime\(returned == 1 ? "" : "s") returned to the queue; "
        line += "\(result.reallocated.count) reallocated by the allocator"
        line += result.waiting > 0 ? ", \(result.waiting) waiting in the queue for an allocator." : "."
        if let run = result.runID { line += " Allocator run \(run)." }
        return line
    }
}
