import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// A person's orders, Clare's Law requests and missing episodes: this branch's part of the person's safeguarding
/// history page (issue 17). `ProtectionHistorySections.render(_:now:)` draws it as page sections.
struct ProtectionHistory: Sendable {
    var personID: Int
    /// Notices and orders where the person was served or protected.
    var orders: [ProtectionOrder]
    /// Requests where the person was at risk or asked about.
    var disclosures: [DisclosureRequest]
    var missing: [MissingEpisode]
    /// Every other person the records name, by number.
    var people: [Int: SafeguardingPerson]
    /// Records outside the actor's scope, left out (counted so the page can say so).
    var withheld: Int
}

extension ProtectionOrderService {
    /// The person's orders, disclosures and missing episodes in the BCUs the actor may see; each record shown is
    /// audited as a read with the person as subject. A person with no such record gives an empty history.
    func history(of personID: Int) async throws -> ProtectionHistory {
        let principal = try context.requirePrincipal()
        guard principal.can(.viewSafeguarding) else {
            try await context.audit(
                .denied, .person, id: String(personID), subject: .person(personID), outcome: "denied: no role")
            throw ServiceError.forbidden("Your roles do not cover safeguarding records.")
        }
        let visible = { (bcu: BCU) in principal.can(.viewSafeguarding, in: bcu) }
        let allOrders = try await ProtectionOrderStore.orders(personID: personID, on: context.database)
        let allDisclosures = try await DisclosureStore.requests(personID: personID, on: context.database)
        let allMissing = try await MissingPersonStore.episodes(personID: personID, on: context.database)
        let orders = allOrders.filter { visible($0.bcu) }
        let disclosures = allDisclosures.filter { visible($0.bcu) }
        let missing = allMissing.filter { visible($0.bcu) }
        let people = try await ProtectionOrderStore.people(
            ids: [personID] + orders.flatMap { [$0.perpetratorPersonID, $0.protectedPersonID] }
                + disclosures.flatMap { [$0.personAtRiskID, $0.subjectPersonID] },
            on: context.database)
        for order in orders {
            try await context.audit(
                .read, .protectionOrder, id: String(order.id), subject: .person(personID),
                permission: .viewSafeguarding, bcu: order.bcu, reason: "safeguarding history")
        }
        for request in disclosures {
            try await context.audit(
                .read, .disclosureRequest, id: String(request.id), subject: .person(personID),
                permission: .viewSafeguarding, bcu: request.bcu, reason: "safeguarding history")
        }
        for episode in missing {
            try await context.audit(
                .read, .missingEpisode, id: String(episode.id), subject: .person(personID),
                permission: .viewSafeguarding, bcu: episode.bcu, reason: "safeguarding history")
        }
        let withheld =
            (allOrders.count - orders.count) + (allDisclosures.count - disclosures.count)
            + (allMissing.count - missing.count)
        return ProtectionHistory(
            personID: personID, orders: orders, disclosures: disclosures, missing: missing, people: people,
            withheld: withheld)
    }
}
