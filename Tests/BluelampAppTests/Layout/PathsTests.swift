import BluelampCore
import Foundation
import Testing
import Vapor

@testable import BluelampApp

@Suite struct PathsTests {
    /// Every address `Paths` builds, with sample ids, and the method a link (GET) or a form (POST) sends to it.
    /// A page added to `Paths` is added here, so a route renamed without its address fails the first test.
    static var addresses: [(HTTPMethod, String)] {
        pages + OffenderService.WantedAction.allCases.map { (HTTPMethod.POST, Paths.wantedAction(16, $0)) }
    }

    static let pages: [(HTTPMethod, String)] = [
        // Home, sign-in and account
        (.GET, Paths.home), (.GET, Paths.signIn()), (.GET, Paths.signIn(next: "/officers/3", signedOut: true)),
        (.POST, Paths.signIn()), (.POST, Paths.signOut), (.GET, Paths.stylesheet),
        (.GET, Paths.account()), (.GET, Paths.account(notice: "revoked")), (.GET, Paths.accountPassword),
        (.POST, Paths.accountPassword), (.POST, Paths.accountTokens), (.POST, Paths.revokeToken(4)),
        // Administration
        (.GET, Paths.users), (.POST, Paths.users), (.GET, Paths.newUser), (.GET, Paths.user(5)),
        (.GET, Paths.user(5, notice: "saved")), (.POST, Paths.user(5)), (.POST, Paths.userPassword(5)),
        (.POST, Paths.disableUser(5)), (.POST, Paths.enableUser(5)), (.GET, Paths.roles), (.GET, Paths.auditLog()),
        (.GET, Paths.auditLog(filter: [("actor", "admin")], before: 9)),
        (.GET, Paths.auditCSV(filter: [("action", "read")])),
        (.GET, Paths.subjectAccess), (.GET, Paths.subjectAccessExport),
        // Organisation
        (.GET, Paths.bcus), (.GET, Paths.bcu(.centralEast)), (.GET, Paths.team(6)), (.GET, Paths.officers()),
        (.GET, Paths.officers(bcu: .centralEast)), (.GET, Paths.officer(7)),
        // Allocation and caseloads
        (.GET, Paths.allocationQueue()), (.GET, Paths.allocationQueue(notice: "empty", bcu: .centralEast)),
        (.POST, Paths.proposeAllocation), (.GET, Paths.allocationRun(8)),
        (.GET, Paths.allocationRun(8, notice: "override")),
        (.POST, Paths.acceptAllocationRun(8)), (.GET, Paths.allocationOverride(crime: 9)),
        (.POST, Paths.allocationOverride(crime: 9)), (.GET, Paths.officerCaseload(7)),
        (.GET, Paths.officerCaseload(7, notice: "status", moved: "1 of 2")), (.POST, Paths.officerStatus(7)),
        (.GET, Paths.teamCaseloads(6)), (.GET, Paths.allocationPolicy()), (.GET, Paths.allocationPolicy(saved: 2)),
        (.POST, Paths.allocationPolicy()), (.POST, Paths.allocationPolicyJSON),
        (.GET, Paths.allocationPolicyVersion(2)),
        // Inspection
        (.GET, Paths.inspectionDashboard), (.GET, Paths.findings()),
        (.GET, Paths.findings(ownedByMe: true, openOnly: true, area: "Investigating crime", kind: .causeOfConcern)),
        (.GET, Paths.finding(10)), (.GET, Paths.finding(10, notice: "status")), (.POST, Paths.findingStatus(10)),
        (.POST, Paths.findingAssignment(10)), (.POST, Paths.findingEvidence(10)), (.GET, Paths.evidenceDocument(11)),
        (.GET, Paths.monitoring()), (.GET, Paths.monitoring(notice: "stage", anchor: "early-warning")),
        (.POST, Paths.monitoringStage), (.POST, Paths.milestones), (.POST, Paths.milestoneOverride(12)),
        (.GET, Paths.indicators()), (.GET, Paths.indicators(notice: "thresholds", anchor: "allocation.overrides")),
        (.POST, Paths.indicatorThresholds("allocation.overrides")), (.GET, Paths.inspectionReport),
        (.GET, Paths.inspectionReportPDF),
        // Calls from the public (issue 18)
        (.GET, Paths.calls()), (.GET, Paths.calls(from: "2025-01-01", to: "2025-01-31", bcu: .centralEast)),
        (.GET, Paths.forensicsQueue()), (.GET, Paths.forensicsQueue(query: [("slots", "4")])),
        (.GET, Paths.forensicsPolicy()), (.POST, Paths.forensicsPolicy()), (.GET, Paths.dashPolicy()),
        (.POST, Paths.dashPolicy()), (.GET, Paths.dashPolicy(notice: "changed")), (.GET, Paths.crimeForensics(13)),
        (.POST, Paths.crimeForensics(13)), (.GET, Paths.crimeForensics(13, notice: "submitted")),
        // Crimes
        (.GET, Paths.crimes()), (.GET, Paths.crimes(query: [("bcu", "CE")])), (.POST, Paths.crimes()),
        (.GET, Paths.newCrime), (.GET, Paths.crime(13)), (.GET, Paths.crime(13, notice: "recorded")),
        (.POST, Paths.crimeStatus(13)), (.GET, Paths.crimeOutcome(13)), (.POST, Paths.crimeOutcome(13)),
        (.POST, Paths.crimeRecordingDecision(13)), (.GET, Paths.visitChecks),
        (.GET, Paths.imports), (.POST, Paths.imports), (.GET, Paths.recordingDecisions), (.GET, Paths.recordingPolicy),
        (.POST, Paths.recordingPolicy),
        // Investigations and victims (issue 16)
        (.GET, Paths.investigation(13)), (.GET, Paths.investigation(13, notice: "line", anchor: "lines")),
        (.POST, Paths.investigationLines(13)), (.POST, Paths.lineOfEnquiry(13, 2)),
        (.POST, Paths.investigationActions(13)), (.POST, Paths.completeAction(13, 3)),
        (.POST, Paths.investigationNotes(13)), (.POST, Paths.reviewNoteFlag(13, 4)),
        (.POST, Paths.investigationReviews(13)), (.POST, Paths.closeInvestigation(13)), (.POST, Paths.keyEvents(13)),
        (.GET, Paths.myWork), (.GET, Paths.supervision()), (.GET, Paths.supervision(team: 5, notice: "x")),
        (.GET, Paths.supervisionPolicy()), (.POST, Paths.supervisionPolicy()), (.POST, Paths.lexiconPhrases),
        (.POST, Paths.withdrawLexiconPhrase), (.GET, Paths.victim(13, 6)), (.GET, Paths.victim(13, 6, notice: "care")),
        (.POST, Paths.victim(13, 6, part: "contacts")), (.POST, Paths.victim(13, 6, part: "care")),
        (.POST, Paths.victim(13, 6, part: "needs")), (.POST, Paths.victim(13, 6, part: "statement")),
        (.POST, Paths.victim(13, 6, part: "information")),
        // Safeguarding (issue 17)
        (.GET, Paths.dash(13)), (.GET, Paths.dash(13, notice: "completed")), (.POST, Paths.dash(13)),
        (.POST, Paths.dashReview(8)), (.POST, Paths.dashMarac(8)), (.GET, Paths.personSafeguarding(6)),
        (.GET, Paths.safeguarding()), (.GET, Paths.safeguarding(bcu: .centralEast)), (.GET, Paths.personSearch()),
        (.GET, Paths.personSearch(familyName: "Okafor")),
        (.POST, Paths.victim(13, 6, part: "contacts/7/flag-reviewed")),
        // Protecting vulnerable people: orders, Clare's Law, missing people (issue 17)
        (.GET, Paths.protectionOrders()), (.GET, Paths.protectionOrders(bcu: .centralEast, notice: "issued")),
        (.POST, Paths.protectionOrders()), (.GET, Paths.protectionOrder(4)),
        (.GET, Paths.protectionOrder(4, notice: "x")),
        (.POST, Paths.protectionOrderChange(4, "hearing")), (.POST, Paths.protectionOrderChange(4, "outcome")),
        (.POST, Paths.protectionOrderChange(4, "breaches")), (.GET, Paths.disclosures()),
        (.GET, Paths.disclosures(bcu: .centralEast)), (.POST, Paths.disclosures()), (.GET, Paths.disclosure(5)),
        (.POST, Paths.disclosureDecision(5)), (.GET, Paths.missingPeople()),
        (.GET, Paths.missingPeople(bcu: .centralEast)),
        (.GET, Paths.reportMissing), (.POST, Paths.reportMissing), (.GET, Paths.missingEpisode(6, notice: "found")),
        (.POST, Paths.missingEpisodeChange(6, "risk")), (.POST, Paths.missingEpisodeChange(6, "found")),
        (.POST, Paths.missingEpisodeChange(6, "returned")), (.POST, Paths.missingEpisodeChange(6, "interview")),
        (.POST, Paths.missingEpisodeChange(6, "exploitation")),
        // Organised crime (issue 19)
        (.GET, Paths.ocgRegister()), (.GET, Paths.ocgRegister(bcu: .centralEast, status: .active, notice: "x")),
        (.POST, Paths.ocgRegister()), (.GET, Paths.ocgGroup(17)),
        (.GET, Paths.ocgGroup(17, notice: "plan", anchor: "plan")),
        (.POST, Paths.ocgGroupPart(17, "status")), (.POST, Paths.ocgGroupPart(17, "lead")),
        (.POST, Paths.ocgGroupPart(17, "members")), (.POST, Paths.ocgGroupPart(17, "mappings")),
        (.POST, Paths.ocgGroupPart(17, "plan")), (.POST, Paths.ocgGroupPart(17, "disruptions")),
        (.POST, Paths.ocgGroupPart(17, "crimes")), (.POST, Paths.ocgPlanAction(17, 2)),
        (.GET, Paths.ocgAwareness()), (.GET, Paths.ocgAwareness(bcu: .centralEast, notice: "intelligence")),
        (.POST, Paths.ocgIntelligence(17)), (.GET, Paths.ocgPartnerships()), (.POST, Paths.ocgMeetings),
        (.POST, Paths.ocgProfiles), (.GET, Paths.ocgMine), (.GET, Paths.ocgPolicy()), (.POST, Paths.ocgPolicy()),
        // Offenders
        (.GET, Paths.offenders), (.GET, Paths.registerOffender), (.POST, Paths.registerOffender),
        (.GET, Paths.offender(14)), (.GET, Paths.offender(14, reason: "Visit planning", notice: "visit")),
        (.POST, Paths.offenderNotifications(14)), (.POST, Paths.offenderConditions(14)),
        (.POST, Paths.offenderVisits(14)),
        (.POST, Paths.offenderRisk(14)), (.POST, Paths.offenderReactive(14)), (.GET, Paths.overdueOffenders),
        (.GET, Paths.escalations()), (.GET, Paths.escalations(bcu: .centralEast, notice: "decided")),
        (.POST, Paths.escalation(15)), (.GET, Paths.offendersInBCU(.centralEast)), (.GET, Paths.wanted()),
        (.GET, Paths.wanted(bcu: .centralEast, notice: "arrested")), (.GET, Paths.integratedOffenderManagement),
    ]

    @Test func `every address reaches a route the application registers`() async throws {
        try await withTestApp { app in
            let routes = app.routes.all
            for (method, address) in Self.addresses {
                #expect(
                    routes.contains { $0.method == method && Self.matches($0.path, address) },
                    "No \(method) route answers \(address)")
            }
        }
    }

    @Test func `a route renamed in the application is not matched`() {
        let registered: [PathComponent] = ["allocation", "runs", ":id"]
        #expect(Self.matches(registered, Paths.allocationRun(8, notice: "override")))
        #expect(!Self.matches(registered, Paths.acceptAllocationRun(8)))
        #expect(!Self.matches(["allocation", "run", ":id"], Paths.allocationRun(8)))
    }

    @Test func `query values are percent-encoded`() {
        #expect(
            Paths.findings(openOnly: true, area: "Crime & victims", kind: .areaForImprovement)
                == "/inspection/findings?open=1&area=Crime%20%26%20victims&kind=\(FindingKind.areaForImprovement.rawValue)"
        )
        #expect(
            Paths.officerCaseload(3, notice: "status", moved: "1 of 2 reallocated; 1 waits.")
                == "/officers/3/caseload?notice=status&moved=1%20of%202%20reallocated%3B%201%20waits.")
        #expect(
            Paths.auditLog(filter: [("subject", "officer:42"), ("actor", "")], before: 7)
                == "/admin/audit?subject=officer%3A42&before=7")
        #expect(Paths.allocationQueue(notice: "empty", bcu: .centralEast) == "/allocation?notice=empty&bcu=CE")
        #expect(
            Paths.indicators(notice: "thresholds", anchor: "allocation.overrides")
                == "/inspection/indicators?notice=thresholds#allocation.overrides")
        #expect(Paths.allocationRun(8) == "/allocation/runs/8")
    }

    @Test(arguments: ["", "plain-Text_1.2~", "A&B = C+D #1 é/?", "Ærø 🚓 “q” %20 \\ \u{0}\n", "京都 ١٢٣"])
    func `encoding agrees with Foundation's percent-encoding of RFC 3986's unreserved characters`(text: String) {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        #expect(Paths.encode(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved))
    }

    @Test func `a query value reads back as it was given`() throws {
        let awkward = "A&B = C+D #1 é/?"
        let address = Paths.auditCSV(filter: [("reason", awkward), ("record_id", "x")])
        let items = try #require(URLComponents(string: address)?.queryItems)
        #expect(items.map(\.name) == ["reason", "record_id"])
        #expect(items.first?.value == awkward)
        #expect(!address.contains(" ") && !address.contains("+") && !address.contains("#"))
    }

    // MARK: - Matching an address against a route

    /// Whether `address`'s path (its query and fragment dropped, each segment percent-decoded) is `route`, where
    /// a parameter (`:id`) or `*` matches any one segment and `**` the rest.
    static func matches(_ route: [PathComponent], _ address: String) -> Bool {
        let path = address.prefix { $0 != "?" && $0 != "#" }
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        for (index, component) in route.enumerated() {
            if case .catchall = component { return segments.count > index }
            guard index < segments.count else { return false }
            switch component {
            case .constant(let name) where name != segments[index]: return false
            default: continue
            }
        }
        return route.count == segments.count
    }
}

/// The menu marks one item as the page's section: the longest address the path is under.
@Suite struct MenuCurrentTests {
    @Test func `a page under two menu addresses is marked under the longer one only`() {
        let nav = [
            Layout.NavItem(label: "Home", href: "/"), Layout.NavItem(label: "My work", href: "/investigations"),
            Layout.NavItem(label: "Supervision", href: "/investigations/supervision"),
            Layout.NavItem(label: "Officers", href: "/officers?bcu=CE"),
        ]
        #expect(Layout.current(nav, "/investigations/supervision") == "/investigations/supervision")
        #expect(Layout.current(nav, "/investigations") == "/investigations")
        #expect(Layout.current(nav, "/officers/12") == "/officers?bcu=CE")
        #expect(Layout.current(nav, "/") == "/")
        #expect(Layout.current(nav, "/crimes") == nil)
    }
}
