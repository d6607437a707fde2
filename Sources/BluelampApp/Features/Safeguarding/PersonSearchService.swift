import BluelampCore
import BluelampPersistence
import Foundation

/// Finding a person by name (issue 17): the public protection unit and officers with safeguarding rights search the
/// people on records in the BCUs their roles cover, to open a safeguarding history. A name found is a person's record
/// read: each person shown is audited as the subject of a read; a search with no match is audited too.
struct PersonSearchService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// The people matching the search in the actor's scope (at most `PersonSearch.limit`), and whether more match.
    func search(familyName: String, givenName: String, dateOfBirth: String) async throws -> (
        people: [PersonMatch], more: Bool
    ) {
        let principal = try context.requirePrincipal()
        guard let scope = principal.scope(for: .viewSafeguarding) else {
            throw ServiceError.forbidden("Your roles do not cover safeguarding records.")
        }
        let search = try InvestigationService.value(
            PersonSearch.check(familyName: familyName, givenName: givenName, dateOfBirth: dateOfBirth))
        let bcus: Set<BCU>? = scope.isForce ? nil : Set(BCU.allCases.filter(scope.covers))
        let found = try await PersonSearchStore.search(
            search, bcus: bcus, limit: PersonSearch.limit + 1, on: context.database)
        let shown = Array(found.prefix(PersonSearch.limit))
        let drafts =
            shown.map {
                context.audit.draft(
                    action: .read, recordType: .person, recordID: String($0.personID), subject: .person($0.personID),
                    permission: .viewSafeguarding, reason: "person search")
            }
            + [
                context.audit.draft(
                    action: .read, recordType: .safeguardingList, recordID: "person-search",
                    permission: .viewSafeguarding, reason: "person search",
                    outcome: "\(shown.count) people shown" + (found.count > shown.count ? ", more match" : ""))
            ]
        try await context.audit.append(drafts, on: context.database, at: context.now)
        return (shown, found.count > shown.count)
    }
}
