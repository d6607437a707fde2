import SQLiteNIO
import VaporCSQLite

/// SQLite's "busy": another connection holds the write lock, or this one's snapshot is older than a commit it must
/// write after. A short wait and a new transaction get past it, where no other error would.
public enum SQLiteBusy {
    /// Whether `error` is SQLite's busy, from sqlite-nio or from a bulk write or a direct read (`SQLiteStatementError`), with any
    /// of its extended codes. False for every other error, and always on PostgreSQL.
    public static func matches(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            switch error.reason {
            case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout: return true
            default: return false
            }
        }
        if let error = error as? SQLiteStatementError { return error.code & 0xff == SQLITE_BUSY }
        return false
    }
}
