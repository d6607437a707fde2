import BluelampCore
import Foundation
import Testing

@Suite struct RSORecordAccessTests {
    private func principal(_ role: Role, _ scope: Scope, officerID: Int? = nil) -> Principal {
        Principal(
            userID: 1, username: "u", displayName: "U", grants: [RoleGrant(role: role, scope: scope)],
            officerID: officerID)
    }

    @Test func `the offender manager opens their own caseload without a reason`() {
        let access = RSORecordAccess.decide(
            principal: principal(.offenderManager, .bcus([.centralEast]), officerID: 7), offenderBCU: .centralEast,
            managerOfficerID: 7, reason: nil)
        #expect(access == .allowed(reason: nil))
    }

    @Test func `anyone else in scope must give a reason of some substance`() {
        let investigator = principal(.investigator, .bcus([.centralEast]), officerID: 8)
        #expect(
            RSORecordAccess.decide(principal: investigator, offenderBCU: .centralEast, managerOfficerID: 7, reason: nil)
                == .needsReason)
        #expect(
            RSORecordAccess.decide(
                principal: investigator, offenderBCU: .centralEast, managerOfficerID: 7, reason: "  because ")
                == .needsReason)
        #expect(
            RSORecordAccess.decide(
                principal: investigator, offenderBCU: .centralEast, managerOfficerID: 7,
                reason: " Sighting near a school ")
                == .allowed(reason: "Sighting near a school"))
    }

    @Test func `outside the BCU the record is refused, reason or not`() {
        let outsider = principal(.offenderManager, .bcus([.southEast]), officerID: 7)
        #expect(
            RSORecordAccess.decide(
                principal: outsider, offenderBCU: .centralEast, managerOfficerID: 7, reason: "A good long reason")
                == .forbidden)
        #expect(
            RSORecordAccess.decide(
                principal: principal(.inspector, .force), offenderBCU: .centralEast, managerOfficerID: nil,
                reason: "Inspection sample")
                == .forbidden, "inspectors see no person's record")
    }

    @Test func `only conditions an officer on patrol could see broken are patrol relevant`() {
        #expect(
            RSOConditionKind.allCases.filter(\.isPatrolRelevant) == [
                .noUnsupervisedContactWithChildren, .exclusionZone, .curfew,
            ])
        let condition = RSOCondition(
            kind: .curfew, detail: "19:00 to 07:00", imposedOn: OffenderFixtures.day("2025-01-01"),
            expiresOn: OffenderFixtures.day("2025-06-30"))
        #expect(condition.isInForce(today: OffenderFixtures.day("2025-06-30")))
        #expect(!condition.isInForce(today: OffenderFixtures.day("2025-07-01")))
        #expect(!condition.isInForce(today: OffenderFixtures.day("2024-12-31")))
    }

    @Test func `an escalation decision needs a choice and a reason`() {
        #expect(
            ArrestOrWarrantEscalation.problems(decision: .warrant, reason: "Not seen for two years despite attempts")
                .isEmpty)
        #expect(ArrestOrWarrantEscalation.problems(decision: nil, reason: "").count == 2)
        #expect(ArrestOrWarrantEscalation.problems(decision: .arrest, reason: "short").count == 1)
    }
}
