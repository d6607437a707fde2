import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Missing people (issue 17; College of Policing APP, Missing persons): reporting a person missing (any officer with
/// `recordSafeguarding`, from a phone), grading and re-grading the risk with reasons (the review log), found,
/// returned, a child's return home interview (due within 72 hours of return), exploitation indicators with the
/// safeguarding referral they call for, and repeat missing (3 or more episodes in 90 days). The missing person is the
/// audit subject of every read and change; scope is the episode's BCU.
struct MissingPersonService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    struct EpisodeFile: Sendable {
        var episode: MissingEpisode
        var person: SafeguardingPerson
        var reviews: [MissingRiskReview]
        /// With this one, the person's episodes reported in the 90 days ending on its day.
        var repeatMissing: Bool
    }

    private func load(_ id: Int) async throws -> MissingEpisode {
        guard let episode = try await MissingPersonStore.episode(id: id, on: context.database) else {
            throw ServiceError.notFound(Self.notFound(id))
        }
        return episode
    }

    static func notFound(_ id: Int) -> String { "There is no missing episode \(id)." }

    private func requireEpisode(_ id: Int, _ permission: Permission) async throws -> (MissingEpisode, Principal) {
        let episode = try await load(id)
        let principal = try await ProtectionOrderService.requireScope(
            context, permission, episode.bcu, .missingEpisode, id: String(id), subject: .person(episode.personID),
            notFound: Self.notFound(id))
        return (episode, principal)
    }

    static func isRepeat(_ episode: MissingEpisode, among all: [MissingEpisode]) -> Bool {
        MissingPersonRules.isRepeat(
            reportedAt: episode.reportedAt,
            earlier: all.filter { $0.id != episode.id && $0.personID == episode.personID }.map(\.reportedAt))
    }

    func episode(_ id: Int) async throws -> EpisodeFile {
        let (episode, _) = try await requireEpisode(id, .viewSafeguarding)
        let person =
            try await ProtectionOrderStore.people(ids: [episode.personID], on: context.database)[episode.personID]
            ?? SafeguardingPerson(id: episode.personID, name: "Unknown", dateOfBirth: nil)
        let reviews = try await MissingPersonStore.reviews(episodeID: id, on: context.database)
        let all = try await MissingPersonStore.episodes(personID: episode.personID, on: context.database)
        try await context.audit(
            .read, .missingEpisode, id: String(id), subject: .person(episode.personID), permission: .viewSafeguarding,
            bcu: episode.bcu, reason: "missing episode \(id)")
        return EpisodeFile(
            episode: episode, person: person, reviews: reviews, repeatMissing: Self.isRepeat(episode, among: all))
    }

    /// The BCU's lists: people missing now, children returned without a return home interview, and children repeat
    /// missing (3 or more episodes reported in the 90 days to today).
    struct BCULists: Sendable {
        var bcu: BCU
        var missingNow: [MissingEpisode]
        var withoutInterview: [MissingEpisode]
        /// Each repeat missing child's latest episode and their count in the 90 days.
        var repeatChildren: [(episode: MissingEpisode, count: Int)]
        var people: [Int: SafeguardingPerson]
    }

    func lists(bcu: BCU) async throws -> BCULists {
        _ = try await ProtectionOrderService.requireScope(context, .viewSafeguarding, bcu, .missingList, id: bcu.code)
        let missing = try await MissingPersonStore.missingNow(bcus: [bcu], on: context.database)
        let noInterview = try await MissingPersonStore.childrenWithoutInterview(bcus: [bcu], on: context.database)
        let today = CalendarDay(containing: context.now, in: .london)
        let windowStart = ProtectionOrderRules.londonMidnight(
            starting: today.adding(days: -(MissingPersonRules.repeatWindowDays - 1)))
        let recent = try await MissingPersonStore.childEpisodes(
            bcus: [bcu], reportedIn: windowStart..<context.now.addingTimeInterval(1), on: context.database)
        let repeatChildren = Dictionary(grouping: recent, by: \.personID).values
            .filter { $0.count >= MissingPersonRules.repeatEpisodes }
            .map { episodes in (episode: episodes.max { $0.reportedAt < $1.reportedAt }!, count: episodes.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.episode.reportedAt > $1.episode.reportedAt }
        let shown = Set(missing.map(\.personID) + noInterview.map(\.personID) + repeatChildren.map(\.episode.personID))
        let people = try await ProtectionOrderStore.people(ids: Array(shown), on: context.database)
        try await context.audit(
            .read, .missingList, id: bcu.code, permission: .viewSafeguarding, bcu: bcu,
            reason: "missing now, return home interviews, repeat missing",
            outcome: "ok: \(missing.count) missing, \(noInterview.count) without interview, "
                + "\(repeatChildren.count) repeat")
        for personID in shown.sorted() {
            try await context.audit(
                .read, .missingList, id: bcu.code, subject: .person(personID), permission: .viewSafeguarding, bcu: bcu,
                reason: "listed on the BCU's missing people")
        }
        return BCULists(
            bcu: bcu, missingNow: missing, withoutInterview: noInterview, repeatChildren: repeatChildren,
            people: people)
    }

    /// Reports a person missing, with the first grading of risk and its reasons.
    func report(_ draft: MissingReportDraft) async throws -> MissingEpisode {
        let principal = try context.requirePrincipal()
        guard principal.can(.recordSafeguarding) else {
            throw ServiceError.forbidden("Your roles do not cover reporting missing people.")
        }
        let checked: MissingReportDraft.Checked
        switch draft.check(now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        var existingID: Int?
        if case .existing(let id) = checked.person { existingID = id }
        _ = try await ProtectionOrderService.requireScope(
            context, .recordSafeguarding, checked.bcu, .missingEpisode, id: nil,
            subject: existingID.map { AuditSubject.person($0) })
        var dateOfBirth = checked.dateOfBirth
        if let existingID {
            let person = try await ProtectionOrderService.requirePeople(
                [(existingID, "person_id", "Person's record number")], on: context.database)[existingID]!
            dateOfBirth = person.dateOfBirth ?? dateOfBirth
            if dateOfBirth == nil {
                throw ServiceError.invalid(
                    field: "date_of_birth", label: "Date of birth",
                    "the person's record has no date of birth: give it, as it decides whether a return home "
                        + "interview is due")
            }
        }
        let child = MissingPersonRules.isChild(dateOfBirth: dateOfBirth!, at: checked.reportedAt)
        let id = try await context.transaction { tx in
            let personID: Int
            switch checked.person {
            case .existing(let id):
                personID = id
                if let given = checked.dateOfBirth {
                    try await ProtectionOrderStore.setDateOfBirth(personID: id, given, on: tx.database)
                }
            case .new(let given, let family):
                personID = try await ProtectionOrderStore.addPerson(
                    givenName: given, familyName: family, dateOfBirth: checked.dateOfBirth, on: tx.database)
            }
            let id = try await MissingPersonStore.add(
                MissingPersonStore.NewEpisode(
                    bcu: checked.bcu, personID: personID, child: child, reportedAt: checked.reportedAt,
                    lastSeenAt: checked.lastSeenAt, circumstances: checked.circumstances, riskGrade: checked.riskGrade,
                    riskReason: checked.riskReason), by: principal.displayName, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .missingEpisode, id: String(id), subject: .person(personID), permission: .recordSafeguarding,
                bcu: checked.bcu, reason: "reported missing", outcome: "graded \(checked.riskGrade.label)")
            return id
        }
        return try await load(id)
    }

    private func change(
        _ episode: MissingEpisode, outcome: String, permission: Permission,
        _ work: @escaping @Sendable (ServiceContext) async throws -> Void
    ) async throws -> MissingEpisode {
        try await context.transaction { tx in
            try await work(tx)
            try await tx.audit(
                .update, .missingEpisode, id: String(episode.id), subject: .person(episode.personID),
                permission: permission, bcu: episode.bcu, reason: "missing episode \(episode.id)", outcome: outcome)
        }
        return try await load(episode.id)
    }

    /// Grades the risk again, with the reasons, into the review log.
    func regrade(_ id: Int, _ draft: MissingRiskReviewDraft) async throws -> MissingEpisode {
        let (episode, principal) = try await requireEpisode(id, .manageSafeguarding)
        let checked: (grade: MissingRiskGrade, reason: String)
        switch draft.check() {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        return try await change(
            episode, outcome: "graded \(checked.grade.label) (was \(episode.riskGrade.label))",
            permission: .manageSafeguarding
        ) { tx in
            var changed = episode
            changed.riskGrade = checked.grade
            try await MissingPersonStore.save(changed, on: tx.database)
            try await MissingPersonStore.addReview(
                episodeID: id, grade: checked.grade, reason: checked.reason, by: principal.displayName, at: tx.now,
                on: tx.database)
        }
    }

    /// The person is found (where, in the note).
    func found(_ id: Int, _ draft: MissingEventDraft) async throws -> MissingEpisode {
        let (episode, _) = try await requireEpisode(id, .recordSafeguarding)
        guard episode.foundAt == nil else { throw ServiceError.conflict("Missing episode \(id) is already found.") }
        let checked = try Self.checked(
            draft.check(
                now: context.now, notBefore: episode.lastSeenAt ?? episode.reportedAt, after: "they were last seen",
                noteRequired: "say where they were found"))
        return try await change(episode, outcome: "found", permission: .recordSafeguarding) { tx in
            var changed = episode
            changed.foundAt = checked.at
            changed.foundWhere = checked.note
            try await MissingPersonStore.save(changed, on: tx.database)
        }
    }

    /// The person is back home (or in care); for a child the 72-hour interview clock starts.
    func returned(_ id: Int, _ draft: MissingEventDraft) async throws -> MissingEpisode {
        let (episode, _) = try await requireEpisode(id, .recordSafeguarding)
        guard let foundAt = episode.foundAt else {
            throw ServiceError.conflict("Record where missing episode \(id)'s person was found first.")
        }
        guard episode.returnedAt == nil else {
            throw ServiceError.conflict("Missing episode \(id) already has its return recorded.")
        }
        let checked = try Self.checked(
            draft.check(now: context.now, notBefore: foundAt, after: "they were found", noteRequired: nil))
        return try await change(episode, outcome: "returned", permission: .recordSafeguarding) { tx in
            var changed = episode
            changed.returnedAt = checked.at
            try await MissingPersonStore.save(changed, on: tx.database)
        }
    }

    /// A child's return home interview is done (who did it, in the note).
    func interviewDone(_ id: Int, _ draft: MissingEventDraft) async throws -> MissingEpisode {
        let (episode, principal) = try await requireEpisode(id, .manageSafeguarding)
        guard episode.child else {
            throw ServiceError.conflict("Missing episode \(id) is an adult's: no return home interview is due.")
        }
        guard let returnedAt = episode.returnedAt else {
            throw ServiceError.conflict("Record missing episode \(id)'s return first.")
        }
        guard episode.interviewAt == nil else {
            throw ServiceError.conflict("Missing episode \(id)'s return home interview is already recorded.")
        }
        let checked = try Self.checked(
            draft.check(now: context.now, notBefore: returnedAt, after: "the return", noteRequired: nil))
        let late = checked.at > (episode.interviewDueAt ?? checked.at)
        return try await change(
            episode, outcome: late ? "return home interview (late)" : "return home interview",
            permission: .manageSafeguarding
        ) { tx in
            var changed = episode
            changed.interviewAt = checked.at
            changed.interviewBy = principal.displayName
            changed.interviewNotes = checked.note
            try await MissingPersonStore.save(changed, on: tx.database)
        }
    }

    /// Exploitation indicators found and the safeguarding referral made for them.
    func referExploitation(_ id: Int, _ draft: ExploitationReferralDraft) async throws -> MissingEpisode {
        let (episode, _) = try await requireEpisode(id, .manageSafeguarding)
        guard episode.referralAt == nil else {
            throw ServiceError.conflict("Missing episode \(id) already has its safeguarding referral.")
        }
        let checked: ExploitationReferralDraft.Checked
        switch draft.check(reportedAt: episode.reportedAt, now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        return try await change(
            episode, outcome: "exploitation referral: \(checked.indicators.map(\.rawValue).joined(separator: ","))",
            permission: .manageSafeguarding
        ) { tx in
            var changed = episode
            changed.indicators = checked.indicators
            changed.referralAt = checked.referralAt
            changed.referralTo = checked.referralTo
            changed.referralReference = checked.referralReference
            try await MissingPersonStore.save(changed, on: tx.database)
        }
    }

    private static func checked<T>(_ result: Result<T, FieldErrors>) throws -> T {
        switch result {
        case .success(let value): return value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
    }
}
