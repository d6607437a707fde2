import BluelampCore
import Foundation

/// Every page address the site links to, submits a form to or redirects to, built in one place (issue 14).
///
/// Routes are still registered in each feature's `<Area>Routes`; `PathsTests` checks that every address built
/// here reaches one of them, so renaming a route without changing this file fails a test rather than a link.
/// Ids and codes go in the path; words a person typed go only in a query or a fragment, percent-encoded.
enum Paths {
    // MARK: - Building an address

    /// `text` percent-encoded for a query name, a query value, a fragment or one path segment: every byte of its
    /// UTF-8 outside RFC 3986's unreserved characters (letters and digits of ASCII, `-._~`) becomes `%XX`, so a space,
    /// `&`, `=`, `+`, `#` or a letter outside ASCII cannot change the address. Pages build hundreds of addresses, so
    /// this is written over the bytes rather than through a `CharacterSet`.
    static func encode(_ text: String) -> String {
        let utf8 = text.utf8
        guard !utf8.allSatisfy(isUnreserved) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// `path`, then the query items in order, then the fragment. An item whose value is nil or empty is left
    /// out, as a filter form leaves out a field nobody filled in.
    static func address(_ path: String, query: [(String, String?)] = [], anchor: String? = nil) -> String {
        let items = query.compactMap { name, value in
            value.flatMap { $0.isEmpty ? nil : "\(encode(name))=\(encode($0))" }
        }
        return path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
            + (anchor.map { "#" + encode($0) } ?? "")
    }

    // MARK: - Home, sign-in and the person's own account

    static let home = "/"
    /// The sign-in page; `next` is the address to go on to afterwards.
    static func signIn(next: String? = nil, signedOut: Bool = false) -> String {
        address("/sign-in", query: [("next", next), ("signed_out", signedOut ? "1" : nil)])
    }
    static let signOut = "/sign-out"
    static let stylesheet = "/static/app.css"
    /// The search box's results page.
    static func search(_ query: String? = nil) -> String { address("/search", query: [("q", query)]) }
    /// London's boroughs as one SVG image, the base of every locator map (`LondonMap.baseMap`).
    static let londonMap = "/maps/london.svg"

    static func account(notice: String? = nil) -> String { address("/account", query: [("notice", notice)]) }
    static let accountPassword = "/account/password"
    static let accountTokens = "/account/tokens"
    /// The API reference (the OpenAPI document as a page).
    static let apiReference = "/api/v1/docs"
    static func revokeToken(_ id: Int) -> String { "/account/tokens/\(id)/revoke" }

    // MARK: - Administration

    static let users = "/admin/users"
    static let newUser = "/admin/users/new"
    static func user(_ id: Int, notice: String? = nil) -> String {
        address("/admin/users/\(id)", query: [("notice", notice)])
    }
    static func userPassword(_ id: Int) -> String { "/admin/users/\(id)/password" }
    static func disableUser(_ id: Int) -> String { "/admin/users/\(id)/disable" }
    static func enableUser(_ id: Int) -> String { "/admin/users/\(id)/enable" }
    static let roles = "/admin/roles"
    /// The audit log, filtered by `filter` (name and value of each field of the filter form), entries before
    /// sequence number `before`.
    static func auditLog(filter: [(String, String?)] = [], before: Int? = nil) -> String {
        address("/admin/audit", query: filter + [("before", before.map(String.init))])
    }
    static func auditCSV(filter: [(String, String?)] = []) -> String { address("/admin/audit.csv", query: filter) }
    static let subjectAccess = "/admin/subject-access"
    static let subjectAccessExport = "/admin/subject-access/export"

    // MARK: - Organisation

    static let bcus = "/bcus"
    static func bcu(_ bcu: BCU) -> String { "/bcus/\(encode(bcu.code))" }
    static func team(_ id: Int) -> String { "/teams/\(id)" }
    static func officers(bcu: BCU? = nil) -> String { address("/officers", query: [("bcu", bcu?.code)]) }
    static func officer(_ id: Int) -> String { "/officers/\(id)" }
    /// The officer list's CSV: its filters and order, every page.
    static func officersCSV(query: [(String, String)]) -> String {
        address("/officers.csv", query: query.filter { $0.0 != "offset" }.map { ($0.0, $0.1) })
    }

    // MARK: - Allocation and caseloads

    static func allocationQueue(notice: String? = nil, bcu: BCU? = nil) -> String {
        address("/allocation", query: [("notice", notice), ("bcu", bcu?.code)])
    }
    static let proposeAllocation = "/allocation/propose"
    static func allocationRun(_ id: Int, notice: String? = nil) -> String {
        address("/allocation/runs/\(id)", query: [("notice", notice)])
    }
    static func acceptAllocationRun(_ id: Int) -> String { "/allocation/runs/\(id)/accept" }
    /// The page (GET) and the form (POST) that allocate crime `crimeID` to an officer chosen by hand.
    static func allocationOverride(crime crimeID: Int) -> String { "/allocation/crimes/\(crimeID)/override" }
    /// An officer's caseload; `moved` says what a change of the officer's status did to their crimes.
    static func officerCaseload(_ id: Int, notice: String? = nil, moved: String? = nil) -> String {
        address("/officers/\(id)/caseload", query: [("notice", notice), ("moved", moved)])
    }
    static func officerStatus(_ id: Int) -> String { "/officers/\(id)/caseload/status" }
    static func teamCaseloads(_ id: Int) -> String { "/teams/\(id)/caseloads" }
    /// The allocation policy; `saved` is the version just saved.
    static func allocationPolicy(saved: Int? = nil) -> String {
        address("/allocation/policy", query: [("saved", saved.map(String.init))])
    }
    static let allocationPolicyJSON = "/allocation/policy/json"
    static func allocationPolicyVersion(_ version: Int) -> String { "/allocation/policy/versions/\(version)" }

    // MARK: - Inspection

    static let inspectionDashboard = "/inspection"
    /// The PEEL dashboard for one BCU.
    static func dashboard(bcu: BCU) -> String { address("/inspection", query: [("bcu", bcu.code)]) }
    /// The digital forensics unit's queue (issue 18), with a what-if policy from the GET form.
    static func forensicsQueue(query: [(String, String?)] = []) -> String { address("/forensics", query: query) }
    static func forensicsPolicy(notice: String? = nil) -> String {
        address("/forensics/policy", query: [("notice", notice)])
    }
    /// A crime's devices, their places in the queue, and the form submitting another.
    static func crimeForensics(_ crimeID: Int, notice: String? = nil) -> String {
        address("/crimes/\(crimeID)/forensics", query: [("notice", notice)])
    }
    /// The calls figures page (issue 18), for a period and a BCU.
    static func calls(from: String? = nil, to: String? = nil, bcu: BCU? = nil) -> String {
        address("/calls", query: [("from", from), ("to", to), ("bcu", bcu?.code)])
    }
    /// The findings list: `ownedByMe` and `openOnly` narrow it, `area` and `kind` filter it.
    static func findings(
        ownedByMe: Bool = false, openOnly: Bool = false, area: String? = nil, kind: FindingKind? = nil
    ) -> String {
        address(
            "/inspection/findings",
            query: [
                ("owner", ownedByMe ? "me" : nil), ("open", openOnly ? "1" : nil), ("area", area),
                ("kind", kind?.rawValue),
            ])
    }
    static func finding(_ id: Int, notice: String? = nil) -> String {
        address("/inspection/findings/\(id)", query: [("notice", notice)])
    }
    static func findingStatus(_ id: Int) -> String { "/inspection/findings/\(id)/status" }
    static func findingAssignment(_ id: Int) -> String { "/inspection/findings/\(id)/assignment" }
    static func findingEvidence(_ id: Int) -> String { "/inspection/findings/\(id)/evidence" }
    static func evidenceDocument(_ id: Int) -> String { "/inspection/evidence/\(id)/document" }
    static func monitoring(notice: String? = nil, anchor: String? = nil) -> String {
        address("/inspection/monitoring", query: [("notice", notice)], anchor: anchor)
    }
    static let monitoringStage = "/inspection/monitoring/stage"
    static let milestones = "/inspection/milestones"
    static func milestoneOverride(_ id: Int) -> String { "/inspection/milestones/\(id)/override" }
    /// The indicators page; `anchor` is an indicator's id, which each indicator's section carries.
    static func indicators(notice: String? = nil, anchor: String? = nil) -> String {
        address("/inspection/indicators", query: [("notice", notice)], anchor: anchor)
    }
    /// One indicator's page: its trend, the BCUs compared and the map; for a BCU, or the force when nil.
    static func indicator(_ indicatorID: String, bcu: BCU? = nil) -> String {
        address("/inspection/indicators/\(encode(indicatorID))", query: [("bcu", bcu?.code)])
    }
    static func indicatorThresholds(_ indicatorID: String) -> String {
        "/inspection/indicators/\(encode(indicatorID))/thresholds"
    }
    static let inspectionReport = "/inspection/report"
    static let inspectionReportPDF = "/inspection/report.pdf"

    // MARK: - Crimes

    static func crimes(query: [(String, String?)] = []) -> String { address("/crimes", query: query) }
    /// The crime list's filters as a CSV download.
    static func crimesCSV(query: [(String, String)]) -> String {
        address("/crimes.csv", query: query.filter { $0.0 != "after" && $0.0 != "start" }.map { ($0.0, $0.1) })
    }
    static let newCrime = "/crimes/new"
    static func crime(_ id: Int, notice: String? = nil) -> String {
        address("/crimes/\(id)", query: [("notice", notice)])
    }
    static func crimeStatus(_ id: Int) -> String { "/crimes/\(id)/status" }
    /// Links a call from the public to the crime (issue 18).
    static func crimeCalls(_ id: Int) -> String { "/crimes/\(id)/calls" }
    static func crimeOutcome(_ id: Int) -> String { "/crimes/\(id)/outcome" }
    static func crimeRecordingDecision(_ id: Int) -> String { "/crimes/\(id)/recording-decision" }
    static let imports = "/imports"
    /// The queue of reports awaiting their recording decision.
    static let recordingDecisions = "/crimes/awaiting-decision"
    /// The crime recording policy (the allowance for the recording decision).
    static let recordingPolicy = "/crimes/recording-policy"

    // MARK: - Investigations

    static func investigation(_ crimeID: Int, notice: String? = nil, anchor: String? = nil) -> String {
        address("/crimes/\(crimeID)/investigation", query: [("notice", notice)], anchor: anchor)
    }
    static func investigationLines(_ crimeID: Int) -> String { "/crimes/\(crimeID)/investigation/lines" }
    static func lineOfEnquiry(_ crimeID: Int, _ lineID: Int) -> String {
        "/crimes/\(crimeID)/investigation/lines/\(lineID)"
    }
    static func investigationActions(_ crimeID: Int) -> String { "/crimes/\(crimeID)/investigation/actions" }
    static func completeAction(_ crimeID: Int, _ actionID: Int) -> String {
        "/crimes/\(crimeID)/investigation/actions/\(actionID)/done"
    }
    static func investigationNotes(_ crimeID: Int) -> String { "/crimes/\(crimeID)/investigation/notes" }
    static func reviewNoteFlag(_ crimeID: Int, _ noteID: Int) -> String {
        "/crimes/\(crimeID)/investigation/notes/\(noteID)/flag-reviewed"
    }
    static func investigationReviews(_ crimeID: Int) -> String { "/crimes/\(crimeID)/investigation/reviews" }
    static func closeInvestigation(_ crimeID: Int) -> String { "/crimes/\(crimeID)/investigation/close" }
    static func keyEvents(_ crimeID: Int) -> String { "/crimes/\(crimeID)/investigation/key-events" }
    /// A victim's Victims' Code record on an investigation; `part` is one of its forms.
    static func victim(_ crimeID: Int, _ personID: Int, part: String? = nil, notice: String? = nil) -> String {
        address(
            "/crimes/\(crimeID)/investigation/victims/\(personID)" + (part.map { "/\($0)" } ?? ""),
            query: [("notice", notice)])
    }
    /// The investigator's own work.
    static let myWork = "/investigations"
    /// A supervisor's investigations: one team's, or every one in the BCUs they supervise.
    static func supervision(team: Int? = nil, notice: String? = nil) -> String {
        address("/investigations/supervision", query: [("team", team.map(String.init)), ("notice", notice)])
    }
    static func supervisionPolicy(notice: String? = nil) -> String {
        address("/investigations/policy", query: [("notice", notice)])
    }
    static let lexiconPhrases = "/investigations/policy/lexicon"
    static let withdrawLexiconPhrase = "/investigations/policy/lexicon/withdraw"

    // MARK: - Safeguarding (issue 17)

    /// A crime's DASH risk assessments, and the form to complete one.
    static func dash(_ crimeID: Int, notice: String? = nil) -> String {
        address("/crimes/\(crimeID)/dash", query: [("notice", notice)])
    }
    /// The DASH policy (administrators).
    static func dashPolicy(notice: String? = nil) -> String {
        address("/safeguarding/dash-policy", query: [("notice", notice)])
    }
    static func dashReview(_ assessmentID: Int) -> String { "/dash/\(assessmentID)/review" }
    static func dashMarac(_ assessmentID: Int) -> String { "/dash/\(assessmentID)/marac" }
    /// Finding a person by name (the form, or its results for a family name).
    static func personSearch(familyName: String? = nil) -> String {
        address("/safeguarding/people", query: [("family_name", familyName)])
    }
    /// A person's safeguarding history.
    static func personSafeguarding(_ personID: Int) -> String { "/people/\(personID)/safeguarding" }
    /// The BCU's safeguarding work: one BCU, or every one in scope.
    static func safeguarding(bcu: BCU? = nil) -> String { address("/safeguarding", query: [("bcu", bcu?.code)]) }

    // MARK: - Offenders

    static let offenders = "/offenders"
    static let registerOffender = "/offenders/rso/new"
    /// A registered offender's record; `reason` is the reason given for opening it.
    static func offender(_ id: Int, reason: String? = nil, notice: String? = nil) -> String {
        address("/offenders/rso/\(id)", query: [("reason", reason), ("notice", notice)])
    }
    static func offenderNotifications(_ id: Int) -> String { "/offenders/rso/\(id)/notifications" }
    static func offenderConditions(_ id: Int) -> String { "/offenders/rso/\(id)/conditions" }
    static func offenderVisits(_ id: Int) -> String { "/offenders/rso/\(id)/visits" }
    static func offenderRisk(_ id: Int) -> String { "/offenders/rso/\(id)/risk" }
    static func offenderReactive(_ id: Int) -> String { "/offenders/rso/\(id)/reactive" }
    static let overdueOffenders = "/offenders/overdue"
    static func escalations(bcu: BCU? = nil, notice: String? = nil) -> String {
        address("/offenders/escalations", query: [("bcu", bcu?.code), ("notice", notice)])
    }
    static func escalation(_ id: Int) -> String { "/offenders/escalations/\(id)" }
    static func offendersInBCU(_ bcu: BCU) -> String { "/offenders/bcu/\(encode(bcu.code))" }
    static func wanted(bcu: BCU? = nil, notice: String? = nil) -> String {
        address("/offenders/wanted", query: [("bcu", bcu?.code), ("notice", notice)])
    }
    static func wantedAction(_ id: Int, _ action: OffenderService.WantedAction) -> String {
        "/offenders/wanted/\(id)/\(encode(action.rawValue))"
    }
    static let integratedOffenderManagement = "/offenders/iom"
    /// The records behind the home-visit indicators.
    static let visitChecks = "/offenders/visit-checks"

    // MARK: - Protecting vulnerable people: orders, Clare's Law, missing people (issue 17)

    static func protectionOrders(bcu: BCU? = nil, notice: String? = nil) -> String {
        address("/safeguarding/orders", query: [("bcu", bcu?.code), ("notice", notice)])
    }
    static func protectionOrder(_ id: Int, notice: String? = nil) -> String {
        address("/safeguarding/orders/\(id)", query: [("notice", notice)])
    }
    /// One of a notice's forms: `hearing`, `outcome` or `breaches`.
    static func protectionOrderChange(_ id: Int, _ part: String) -> String {
        "/safeguarding/orders/\(id)/\(encode(part))"
    }
    static func disclosures(bcu: BCU? = nil, notice: String? = nil) -> String {
        address("/safeguarding/disclosures", query: [("bcu", bcu?.code), ("notice", notice)])
    }
    static func disclosure(_ id: Int, notice: String? = nil) -> String {
        address("/safeguarding/disclosures/\(id)", query: [("notice", notice)])
    }
    static func disclosureDecision(_ id: Int) -> String { "/safeguarding/disclosures/\(id)/decision" }
    static func missingPeople(bcu: BCU? = nil, notice: String? = nil) -> String {
        address("/safeguarding/missing", query: [("bcu", bcu?.code), ("notice", notice)])
    }
    static let reportMissing = "/safeguarding/missing/new"
    static func missingEpisode(_ id: Int, notice: String? = nil) -> String {
        address("/safeguarding/missing/\(id)", query: [("notice", notice)])
    }
    /// One of an episode's forms: `risk`, `found`, `returned`, `interview` or `exploitation`.
    static func missingEpisodeChange(_ id: Int, _ part: String) -> String {
        "/safeguarding/missing/\(id)/\(encode(part))"
    }
}
