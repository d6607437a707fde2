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
        commandName: "rebalance", abstract: "Reallocate an officer's open crimes (leave, restricted duties, a move of team).",
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
            let summary = try await Self.rebalance(officer: officer, reason: reason, on: app.db, now: Date())
            print(summary)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Finds the officer, rebalances their crimes and audits each move; returns the line to print.
    static func rebalance(officer text: String, reason: String, on database: any Database, now: Date) async throws -> String {
        var officerID = try await AllocationStore.officerID(warrantNumber: text, on: database)
        if officerID == nil, let id = Int(text), try await Officer.find(id, on: database) != nil { officerID = id }
        guard let officerID, let officer = try await AllocationStore.rosterOfficer(id: officerID, now: now, on: database) else {
            throw CommandFailure(message: "there is no officer with id or warrant number \(text)", code: 2)
        }
        let actor = AllocationActor(userID: nil, name: "command line")
        let result = try await AllocationService(database: database, now: now).rebalance(
            officerID: officerID, reason: reason, actor: actor)
        let placed = Dictionary(uniqueKeysWithValues: result.reallocated.map { ($0.crimeID, $0) })
        for crime in result.returned {
            try await AuditLog.append(
                on: database, at: now, actorUserID: nil, actorUsername: "command-line", role: nil, action: .update,
                recordType: .crime, recordID: String(crime.crimeID), reason: "rebalanced off officer \(officerID): \(reason)",
                outcome: placed[crime.crimeID].map { "ok: reallocated to \($0.officerLabel)" } ?? "ok: returned to the queue")
        }
        if result.returned.isEmpty { return "\(officer.label) holds no crimes that are allocated or under investigation; nothing moved." }
        let returned = result.returned.count
        var line = "\(officer.label): \(returned) open crime\(returned == 1 ? "" : "s") returned to the queue; "
        line += "\(result.reallocated.count) reallocated by the allocator"
        line += result.waiting > 0 ? ", \(result.waiting) waiting in the queue for an allocator." : "."
        if let run = result.runID { line += " Allocator run \(run)." }
        return line
    }
}
