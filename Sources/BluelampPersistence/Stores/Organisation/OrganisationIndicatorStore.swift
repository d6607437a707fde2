import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the organisation indicators (`OrganisationIndicators`, defined in the core) from the records.
/// Officers' records hold their state today, not its history, so every one of these is `.currentOnly`: its
/// trend is built by the daily snapshot from the day Bluelamp starts.
public struct OrganisationIndicatorStore: IndicatorSource {
    public init() {}

    public typealias ID = OrganisationIndicators.ID

    /// The specialisms of public protection (DA, SO, CSA): the accreditations the Met's 2016 cause of
    /// concern asked about ("understanding why training gaps remain in specialist teams").
    static let publicProtection: [Specialism] = [.domesticAbuse, .sexualOffences, .childAbuse]
    static let supervisorRanks: [Rank] = [.sergeant, .detectiveSergeant]
    static let supervisedRanks: [Rank] = [.constable, .detectiveConstable, .policeStaff]
    static let investigationKinds: [TeamKind] = [.investigation, .safeguarding]

    public let definitions = OrganisationIndicators.definitions

    public func history(of id: String) -> IndicatorHistory { .currentOnly }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws
        -> Double?
    {
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcu.map { " AND o.bcu_code = \(bind: $0.code)" } ?? ""
        switch id {
        case ID.officersUnavailable:
            let unavailable = [OfficerStatus.leave.rawValue, OfficerStatus.restricted.rawValue]
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS total,
                  SUM(CASE WHEN o.status IN (\(binds: unavailable)) THEN 1 ELSE 0 END) AS hits
                FROM officers o WHERE 1 = 1\(bcuFilter)
                """
            ).first(decoding: ShareRow.self)
            return percent(row)
        case ID.accreditationsExpired:
            // Accredited until day D means valid through D: expired once the day the period ends on has begun
            // after D.
            let asAt = Calendar.bluelampUTC.startOfDay(for: period.end.addingTimeInterval(-1))
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS total,
                  SUM(CASE WHEN s.accredited_until < \(bind: asAt) THEN 1 ELSE 0 END) AS hits
                FROM officer_specialisms s JOIN officers o ON o.id = s.officer_id
                WHERE s.specialism IN (\(binds: Self.publicProtection.map(\.rawValue)))\(bcuFilter)
                """
            ).first(decoding: ShareRow.self)
            return percent(row)
        case ID.investigatorsPerSupervisor:
            struct Ratio: Decodable {
                var supervised: Int?
                var supervisors: Int?
            }
            let row = try await sql.raw(
                """
                SELECT SUM(CASE WHEN o.rank IN (\(binds: Self.supervisedRanks.map(\.rawValue))) THEN 1 ELSE 0 END)
                    AS supervised,
                  SUM(CASE WHEN o.rank IN (\(binds: Self.supervisorRanks.map(\.rawValue))) THEN 1 ELSE 0 END)
                    AS supervisors
                FROM officers o JOIN teams t ON t.id = o.team_id
                WHERE t.kind IN (\(binds: Self.investigationKinds.map(\.rawValue)))\(bcuFilter)
                """
            ).first(decoding: Ratio.self)
            let supervised = row?.supervised ?? 0
            let supervisors = row?.supervisors ?? 0
            if supervised == 0 && supervisors == 0 { return nil }
            return supervisors == 0 ? Double(supervised) : Double(supervised) / Double(supervisors)
        case ID.investigatorsPIP2:
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS total,
                  SUM(CASE WHEN o.pip_level >= 2 THEN 1 ELSE 0 END) AS hits
                FROM officers o JOIN teams t ON t.id = o.team_id
                WHERE t.kind = \(bind: TeamKind.investigation.rawValue)\(bcuFilter)
                """
            ).first(decoding: ShareRow.self)
            return percent(row)
        default:
            return nil
        }
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        let bcuQuery = bcu.map { "&bcu=\($0.code)" } ?? ""
        let place = bcu.map { " in \($0.code)" } ?? ""
        switch id {
        case ID.officersUnavailable:
            return [
                IndicatorRecordsLink(
                    label: "Officers on leave\(place)", path: "/officers?status=leave\(bcuQuery)",
                    permission: .viewOfficers),
                IndicatorRecordsLink(
                    label: "Officers on restricted duties\(place)", path: "/officers?status=restricted\(bcuQuery)",
                    permission: .viewOfficers),
            ]
        case ID.accreditationsExpired:
            return [
                IndicatorRecordsLink(
                    label: "Officers\(place) (each record shows its accreditations)",
                    path: "/officers" + (bcu.map { "?bcu=\($0.code)" } ?? ""),
                    permission: .viewOfficers)
            ]
        case ID.investigatorsPerSupervisor:
            return [
                IndicatorRecordsLink(
                    label: "Detective sergeants\(place)", path: "/officers?rank=DS\(bcuQuery)",
                    permission: .viewOfficers)
            ]
        case ID.investigatorsPIP2:
            return [
                IndicatorRecordsLink(
                    label: "PIP2 investigators\(place)", path: "/officers?pip=2\(bcuQuery)", permission: .viewOfficers)
            ]
        default:
            return []
        }
    }

    private func percent(_ row: ShareRow?) -> Double? {
        guard let row, row.total > 0 else { return nil }
        return 100 * Double(row.hits ?? 0) / Double(row.total)
    }
}

/// A count and how many of it match, for share indicators.
private struct ShareRow: Decodable {
    var total: Int
    var hits: Int?
}
