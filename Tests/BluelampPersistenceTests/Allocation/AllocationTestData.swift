import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Teams, officers and crimes for the allocation tests; each test makes what it reads.
enum AllocationTestData {
    static let now = Date(timeIntervalSince1970: 1_735_000_000)  // December 2024
    static let actor = AllocationActor(userID: nil, name: "Test Allocator")

    static func team(_ kind: TeamKind, _ bcu: BCU, on db: any Database) async throws -> Int {
        let team = Team(
            name: "\(bcu.code) \(kind.rawValue) \(UUID().uuidString.prefix(6))", kind: kind.rawValue, bcuCode: bcu.code)
        try await team.create(on: db)
        return try team.requireID()
    }

    @discardableResult
    static func officer(
        _ warrant: String, team: Int, bcu: BCU, level: PIPLevel?, status: OfficerStatus = .onDuty, cap: Int? = nil,
        specialisms: [(Specialism, Date)] = [], on db: any Database
    ) async throws -> Int {
        let officer = Officer()
        officer.$bcu.id = bcu.code
        officer.$team.id = team
        officer.warrantNumber = warrant
        officer.givenName = "Jo"
        officer.familyName = "Officer\(warrant)"
        officer.rank = Rank.detectiveConstable.rawValue
        officer.pipLevel = level?.rawValue
        officer.caseloadCapOverride = cap
        officer.status = status.rawValue
        try await officer.create(on: db)
        let id = try officer.requireID()
        for (specialism, until) in specialisms {
            let accreditation = OfficerSpecialism()
            accreditation.$officer.id = id
            accreditation.specialism = specialism.rawValue
            accreditation.accreditedUntil = until
            try await accreditation.create(on: db)
        }
        return id
    }

    /// Records a crime awaiting allocation (or screened out), reported an hour before `now`.
    static func crime(
        _ category: CrimeCategory, bcu: BCU, flags: [String] = [], thrive: [String: String] = [:], offence: String = "",
        screenOut: Bool = false, recordedAt: Date = now, on db: any Database
    ) async throws -> Int {
        var draft = CrimeDraft()
        draft.category = category.code
        draft.bcu = bcu.code
        draft.offenceDescription = offence
        draft.flags = flags
        draft.thrive = thrive
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        formatter.timeZone = TimeZone(identifier: "UTC")
        draft.reportedAt = formatter.string(from: recordedAt.addingTimeInterval(-3600))
        if screenOut {
            draft.decision = "screen_out"
            draft.screenOutReason = "no lines of enquiry"
        }
        guard case .success(let checked) = draft.check(now: recordedAt, reference: "x") else {
            throw CrimeStoreError.notFound
        }
        return try await CrimeStore.record(
            checked.recordedAsCrime(at: recordedAt), actor: CrimeActor(userID: nil, name: "Test"),
            forceName: "Metropolitan Police Service", on: db
        ).id
    }

    static func reference(_ id: Int, on db: any Database) async throws -> String {
        try await CrimeRecord.find(id, on: db)!.reference
    }

    /// Gives a crime awaiting allocation to an officer, as an override within policy would.
    static func allocate(_ crimeID: Int, to officerID: Int, on db: any Database) async throws {
        let policy = AllocationPolicy.metropolitanDefault
        let detail = try await CrimeStore.detail(id: crimeID, on: db)!
        let officer = try await AllocationStore.rosterOfficer(id: officerID, now: now, on: db)!
        let requirement = policy.requirement(for: AllocationRequest(crime: detail.crime))
        let cap = officer.cap(under: policy)
        let assessment = AllocationOverrideAssessment(
            requirement: requirement, level: officer.level, specialisms: officer.specialisms, status: officer.status,
            load: officer.openCrimes, cap: cap)
        _ = try await AllocationStore.override(
            crimeID: crimeID, officer: officer, requirement: requirement, assessment: assessment, reason: .continuity,
            detail: "test allocation", cap: cap, actor: actor, now: now, on: db)
    }
}
