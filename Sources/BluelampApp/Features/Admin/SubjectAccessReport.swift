import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Everything held about one person and every audit entry about them (DPA 2018, right of access).
/// Each record kind that holds people adds its section here as it is built.
struct SubjectAccessReport: Codable {
    struct Section: Codable {
        var title: String
        var fields: [String: String]
    }

    struct Access: Codable {
        var sequence: Int
        var at: Date
        var user: String
        var role: String?
        var action: String
        var record: String
        var reason: String?
    }

    var person: String
    var generatedAt: Date
    var sections: [Section]
    var accesses: [Access]

    static func build(person: String, on db: any Database, now: Date) async throws -> SubjectAccessReport? {
        var sections: [Section] = []
        let parts = person.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = Int(parts[1]) else { return nil }
        switch parts[0] {
        case "officer":
            guard let officer = try await OrganisationStore.officer(id: id, on: db) else { return nil }
            sections.append(Section(title: "Officer record", fields: [
                "warrant_number": officer.warrantNumber, "given_name": officer.givenName, "family_name": officer.familyName,
                "rank": officer.rank.name, "bcu": officer.bcu.code, "team": officer.teamName ?? "",
                "pip_level": officer.pipLevel?.label ?? "", "status": officer.status.label,
                "caseload_cap_override": officer.caseloadCapOverride.map(String.init) ?? "",
                "specialisms": officer.specialisms.map { "\($0.specialism.code) until \(AuditCSV.timestamp($0.accreditedUntil).prefix(10))" }.joined(separator: "; "),
            ]))
            if let user = try await User.query(on: db).filter(\.$officer.$id == id).first() {
                sections.append(Section(title: "User account", fields: ["username": user.username, "display_name": user.displayName,
                                                                       "disabled": String(user.disabled)]))
            }
        default:
            return nil
        }
        var accesses: [Access] = []
        var before: Int? = nil
        while true {
            let page = try await AuditLog.search(on: db, filter: .init(subjectPersonID: person), before: before, limit: 5000)
            accesses += page.map {
                Access(sequence: $0.sequence, at: $0.at, user: $0.actorUsername, role: $0.role, action: $0.action.rawValue,
                       record: $0.recordType + ($0.recordID.map { " " + $0 } ?? ""), reason: $0.reason)
            }
            guard page.count == 5000 else { break }
            before = page.last?.sequence
        }
        return SubjectAccessReport(person: person, generatedAt: now, sections: sections, accesses: accesses)
    }
}
