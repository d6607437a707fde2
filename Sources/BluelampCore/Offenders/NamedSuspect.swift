import Foundation

/// A suspect named on a crime that is still open with no outcome: the people the wanted list is made
/// from (issue 8, "Wanted and outstanding suspects ... (from crimes)").
public struct NamedSuspect: Sendable, Hashable {
    public var crimeID: Int
    public var crimeReference: String
    public var bcu: BCU
    public var offence: String
    public var name: PersonName
    public var dateOfBirth: DateOfBirth?
    /// When the crime was recorded: the suspect is outstanding from that day.
    public var recordedAt: Date

    public init(
        crimeID: Int, crimeReference: String, bcu: BCU, offence: String, name: PersonName, dateOfBirth: DateOfBirth?,
        recordedAt: Date
    ) {
        self.crimeID = crimeID
        self.crimeReference = crimeReference
        self.bcu = bcu
        self.offence = offence
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.recordedAt = recordedAt
    }
}
