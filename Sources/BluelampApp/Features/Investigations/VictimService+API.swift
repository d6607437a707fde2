import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension VictimService {
    /// Checks the crime is in the caller's scope for `permission` and the person is a victim on it, before anything
    /// changes: `updateCare` sets the person's contact preference before its own check that they are a victim, so the
    /// API asks first and a person who is not a victim on the crime is a 404 with nothing written.
    func requireVictim(onCrime crimeID: Int, personID: Int, _ permission: Permission) async throws {
        _ = try await CrimeService(context).requireCrime(crimeID, permission)
        let victims = try await VictimStore.victims(crimeID: crimeID, on: context.database)
        guard victims.contains(where: { $0.personID == personID }) else {
            throw ServiceError.notFound("Person \(personID) is not a victim on crime \(crimeID).")
        }
    }
}
