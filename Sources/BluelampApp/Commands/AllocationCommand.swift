import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// `bluelamp allocation …`: allocation work on the database.
struct AllocationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocation",
        abstract: "Allocation work on the database (the allocator itself on files is `bluelamp allocate`).",
        subcommands: [RebalanceAllocation.self])
}
