import FluentKit
import Foundation
import Logging
import NIOPosix

extension DatabaseSetup {
    /// Opens `location` on its own, without an application, for `body`, and closes it afterwards whatever happens:
    /// a backup file being checked, or the database a restore writes into. Queries all go to one event loop, so on
    /// SQLite they share one connection (which gets the pooled connections' busy timeout). Nothing is written on
    /// opening: no migration, no journal mode.
    public static func withDatabase<T>(
        _ location: DatabaseLocation, logger: Logger = Logger(label: "bluelamp.backup"),
        _ body: (any Database) async throws -> T
    ) async throws -> T {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: loop)
        databases.use(try configuration(for: location), as: DatabaseID(string: "opened"), isDefault: true)
        do {
            guard let database = databases.database(logger: logger, on: loop) else {
                throw Failure("cannot open \(location)")
            }
            try await prepareConnections([database], location: location)
            let result = try await body(database)
            await databases.shutdownAsync()
            return result
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }
}
