import BluelampCore
import Crypto
import Foundation
import Testing

@testable import BluelampPersistence

@Suite struct PoliceUKRowIdentityTests {
    static let crimeID = "4f1c2e9a0b7d3c5e8f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6"

    static func row(crimeID: String?, type: PoliceUKCrimeType = .crime(.burglary), place: String = "On or near X")
        -> PoliceUKStreetRecord
    {
        PoliceUKStreetRecord(
            crimeID: crimeID, month: PoliceUKMonth("2019-01")!, reportedBy: "Kent Police", fallsWithin: "Kent Police",
            location: CrimeLocation(
                longitude: 0.5, latitude: 51.2, place: place, lsoaCode: "E01024000", lsoaName: "Maidstone 001A"),
            crimeType: type, lastOutcome: nil)
    }

    @Test func aCrimeIDIsNumberedByItsOccurrences() {
        var identity = PoliceUKRowIdentity()
        let first = identity.identify(Self.row(crimeID: Self.crimeID))
        let other = identity.identify(Self.row(crimeID: String(repeating: "a", count: 64)))
        let third = identity.identify(Self.row(crimeID: Self.crimeID))
        #expect(first.key == "id:\(Self.crimeID)#1")
        #expect(first.reference == "PUK-4f1c2e9a0b7d3c5e")
        #expect(other.key == "id:\(String(repeating: "a", count: 64))#1")
        #expect(other.reference == "PUK-aaaaaaaaaaaaaaaa")
        #expect(third.key == "id:\(Self.crimeID)#2")
        #expect(third.reference == "PUK-4f1c2e9a0b7d3c5e-2")
    }

    @Test func aRowWithoutAnIDIsKeyedByTheHashOfItsPublishedLine() {
        var identity = PoliceUKRowIdentity()
        let row = Self.row(crimeID: nil, type: .antiSocialBehaviour)
        let digest = SHA256.hash(data: Data(PoliceUKCSV.line(row).utf8))
        let hex = Hex.string(digest.prefix(20))
        let first = identity.identify(row)
        let elsewhere = identity.identify(Self.row(crimeID: nil, type: .antiSocialBehaviour, place: "On or near Y"))
        let again = identity.identify(row)
        #expect(first.key == "row:\(hex)#1")
        #expect(first.reference == "PUK-\(hex.prefix(16))")
        #expect(elsewhere.key.hasSuffix("#1") && elsewhere.key != first.key)
        #expect(again.key == "row:\(hex)#2")
        #expect(again.reference == "PUK-\(hex.prefix(16))-2")
    }

    @Test func anIDAndARowHashAreCountedApart() {
        // Two rows, one with the ID and one without: each is the first of its kind.
        var identity = PoliceUKRowIdentity()
        #expect(identity.identify(Self.row(crimeID: Self.crimeID)).key.hasSuffix("#1"))
        #expect(identity.identify(Self.row(crimeID: nil)).key.hasSuffix("#1"))
    }
}
