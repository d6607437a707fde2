import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

@testable import BluelampApp

/// An active organised crime group identified today in `bcu`; returns its id.
@discardableResult
func makeOCG(_ app: Application, bcu: BCU, reference: String = "OCG-TEST-1") async throws -> Int {
    let today = CalendarDay(containing: Date(), in: .london)
    let group = OrganisedCrimeGroup(
        id: 0, reference: reference, name: "Test group", identifiedOn: today, status: .active, statusReason: "",
        criminality: [.drugs], bcus: [bcu], boroughs: [], lsoas: [], indicators: "Grey vans at night",
        leadOfficerID: nil)
    return try await OrganisedCrimeStore.addGroup(
        group, mappingDueOn: OCGPolicy.standard.mappingDue(identifiedOn: today),
        actor: OCGActor(userID: nil, name: "Test"), now: Date(), on: app.db)
}

/// An officer of `rank` and PIP level in `bcu`; returns their id.
@discardableResult
func makeRankedOfficer(_ app: Application, bcu: BCU, warrant: String, rank: Rank, level: PIPLevel?) async throws -> Int
{
    let id = try await makeOfficer(app, bcu: bcu, warrant: warrant, family: "Officer\(warrant)", level: level)
    let officer = try await Officer.find(id, on: app.db)!
    officer.rank = rank.rawValue
    try await officer.save(on: app.db)
    return id
}
