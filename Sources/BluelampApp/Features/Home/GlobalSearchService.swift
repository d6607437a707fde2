import BluelampCore
import BluelampPersistence
import Foundation

/// One search box for the whole service (issue 22): a crime by its reference, a registered offender by reference or
/// name, a person on the records by name. Each kind is looked for only when the person's roles may see it, within
/// their BCUs, and audited as its own area audits it: a crime outside the scope is not found (as on its page), each
/// offender or person named in the results is a read of their record.
struct GlobalSearchService {
    var context: ServiceContext
    /// The most offenders or people a search names.
    static let limit = 10

    init(_ context: ServiceContext) {
        self.context = context
    }

    struct Results: Sendable {
        var query: String
        /// The crime with the reference searched for, when the person may open it.
        var crime: (id: Int, reference: String)?
        var offenders: [RSOSummary] = []
        var people: [PersonMatch] = []
        var morePeople = false
        /// The kinds of record the person's roles let them search, in words ("crimes by reference").
        var searched: [String] = []
    }

    func search(_ text: String) async throws -> Results {
        let principal = try context.requirePrincipal()
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var results = Results(query: query)
        guard query.count >= 2, query.count <= 100 else { return results }

        if principal.can(.viewCrimes) {
            results.searched.append("crimes by reference")
            if let id = try await CrimeStore.id(reference: query, on: context.database) {
                do {
                    _ = try await CrimeService(context).requireCrime(id, .viewCrimes)
                    results.crime = (id, query.uppercased())
                } catch is ServiceError {
                    // Outside the person's BCUs: not found, as on the crime's page (the refusal is audited there).
                }
            }
        }
        if principal.can(.viewOffenders) {
            results.searched.append("registered offenders by reference or name")
            let scope = CrimeService.bcus(principal, .viewOffenders).map { Array($0).sorted() }
            results.offenders = try await OffenderStore.find(
                query, bcus: scope, limit: Self.limit, on: context.database)
            try await OffenderService(context).auditShown(results.offenders, reason: "search")
        }
        let words = query.split(separator: " ").map(String.init)
        if principal.can(.viewSafeguarding), let family = words.last, family.count >= 2,
            family.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" })
        {
            results.searched.append("people on the records by name")
            do {
                let found = try await PersonSearchService(context).search(
                    familyName: family, givenName: words.dropLast().joined(separator: " "), dateOfBirth: "")
                results.people = found.people
                results.morePeople = found.more
            } catch ServiceError.invalid {
                // Not a name the person search takes (too short, say): no people are looked for.
            }
        }
        return results
    }
}
