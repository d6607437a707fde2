import BluelampCore
import Foundation
import Testing

/// The register's checks: a group, a partnership meeting and the local profile (PEEL 2016, Metropolitan, AFI7–9).
@Suite struct OCGRegisterTests {
    let today = CalendarDay("2026-06-01")!

    @Test func `a group needs a reference, a name, a past date, criminality and a BCU`() throws {
        let draft = OCGDraft(
            reference: " ", name: "", identifiedOn: "2026-06-02", criminality: ["knitting"], bcus: ["XX"],
            boroughs: "Camden", lsoas: "E0100")
        let fields = draft.check(today: today).failure?.errors.map(\.field) ?? []
        #expect(fields == ["reference", "name", "identified_on", "criminality", "bcus", "boroughs", "lsoas"])
    }

    @Test func `a group not active needs a reason`() {
        let draft = OCGDraft(
            reference: "OCG-1", name: "The Riverside group", identifiedOn: "2025-01-01", status: "dismantled",
            criminality: ["drugs"], bcus: ["CE"])
        #expect(draft.check(today: today).failure?.errors.map(\.field) == ["status_reason"])
    }

    @Test func `a group's areas are checked against its BCUs`() throws {
        let draft = OCGDraft(
            reference: "OCG-1", name: "The Riverside group", identifiedOn: "2025-01-01",
            criminality: ["drugs", "firearms", "drugs"], bcus: ["CE", "NE"], boroughs: "Hackney, Newham\nHackney",
            lsoas: "e01001234, E01004321")
        let group = try draft.check(today: today).get()
        #expect(group.owningBCU == .centralEast)
        #expect(group.boroughs == ["Hackney", "Newham"])
        #expect(group.lsoas == ["E01001234", "E01004321"])
        #expect(group.criminality == [.drugs, .firearms])
        let wrong = OCGDraft(
            reference: "OCG-1", name: "x", identifiedOn: "2025-01-01", criminality: ["drugs"], bcus: ["CE"],
            boroughs: "Croydon")
        #expect(wrong.check(today: today).failure?.errors.first?.message.contains("Croydon") == true)
    }

    @Test func `a partnership meeting names its agencies and decisions`() throws {
        let empty = PartnershipMeetingDraft(
            bcu: "CE", heldOn: "2026-06-02", seniority: "board", agencies: " , ", decisions: "",
            intelligenceShared: "")
        #expect(
            empty.check(today: today).failure?.errors.map(\.field) == ["held_on", "seniority", "agencies", "decisions"])
        let meeting = try PartnershipMeetingDraft(
            bcu: "CE", heldOn: "2026-05-20", seniority: "strategic", agencies: "Hackney Council, NCA, Hackney Council",
            decisions: "Joint closure order plan", intelligenceShared: "Addresses of concern"
        ).check(today: today).get()
        #expect(meeting.agencies == ["Hackney Council", "NCA"])
        #expect(meeting.seniority.isSenior)
    }

    struct ProfileCase: Sendable, CustomTestStringConvertible {
        let partners: [String]
        let published: String
        let review: String
        let on: String
        let meets: Bool
        var testDescription: String { "\(partners.count) partners, \(published)–\(review) on \(on) → \(meets)" }
    }

    static let profiles: [ProfileCase] = [
        ProfileCase(
            partners: ["Council"], published: "2026-01-01", review: "2026-12-31", on: "2026-06-01", meets: true),
        ProfileCase(
            partners: ["Council"], published: "2026-01-01", review: "2026-12-31", on: "2026-12-31", meets: true),
        ProfileCase(
            partners: ["Council"], published: "2026-01-01", review: "2026-12-31", on: "2027-01-01", meets: false),
        ProfileCase(partners: [], published: "2026-01-01", review: "2026-12-31", on: "2026-06-01", meets: false),
        ProfileCase(
            partners: ["Council"], published: "2026-07-01", review: "2026-12-31", on: "2026-06-01", meets: false),
    ]

    @Test(arguments: profiles) func `a local profile counts when made with partners and in date`(c: ProfileCase) {
        let profile = LocalProfile(
            id: 1, bcu: .centralEast, title: "SOC local profile", publishedOn: CalendarDay(c.published)!,
            reviewOn: CalendarDay(c.review)!, partners: c.partners, summary: "")
        #expect(profile.meetsStandard(on: CalendarDay(c.on)!) == c.meets)
    }

    @Test func `a local profile is reviewed within two years of publication`() {
        let late = LocalProfile.check(
            bcu: "FORCE", title: "Profile", publishedOn: "2026-01-01", reviewOn: "2028-06-01", partners: "",
            summary: "", today: today)
        #expect(late.failure?.errors.map(\.field) == ["review_on"])
    }

    @Test func `intelligence must say something`() {
        #expect(OCGIntelligence.check("  ").failure?.errors.map(\.field) == ["text"])
        #expect((try? OCGIntelligence.check(" Seen at the car wash ").get()) == "Seen at the car wash")
    }
}
