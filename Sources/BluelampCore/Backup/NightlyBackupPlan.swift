import Foundation

/// The nightly backup's rule (issue 21, item 2: "an optional nightly backup with a retention count",
/// `BLUELAMP_BACKUP_DIR` and `BLUELAMP_BACKUP_KEEP`): one backup per London day, named for that day, and only the
/// newest `keep` of the files it made are kept. Files it did not make (any other name in the folder) are never
/// touched, so the folder can be shared with other backups.
public enum NightlyBackupPlan {
    /// What the nightly job should do now, given the names already in the backup folder.
    public struct Decision: Sendable, Equatable {
        /// The file to write today, or nil when today's backup is already there.
        public var write: String?
        /// Older nightly backups past the retention count, oldest first.
        public var delete: [String]
        /// What a nightly backup stopped part-way (a killed process) left: `<nightly name>.partial-<id>` of a day
        /// before today. Today's are left alone: another instance may be writing one now.
        public var leftovers: [String] = []
    }

    /// One nightly backup's file name: `bluelamp-nightly-YYYY-MM-DD.EXT`, the day being the London date it was made.
    public struct FileName: Sendable, Hashable {
        public static let prefix = "bluelamp-nightly-"
        public var day: CalendarDay
        /// `sqlite` for a SQLite file, `pgdump` for PostgreSQL's custom-format archive.
        public var fileExtension: String

        public init(day: CalendarDay, fileExtension: String) {
            self.day = day
            self.fileExtension = fileExtension
        }

        /// Reads a name this plan made; nil for any other name (so it is never deleted).
        public init?(_ name: String) {
            guard name.hasPrefix(Self.prefix) else { return nil }
            let rest = name.dropFirst(Self.prefix.count)
            guard let dot = rest.firstIndex(of: "."), let day = CalendarDay(rest[..<dot]) else { return nil }
            let ext = String(rest[rest.index(after: dot)...])
            guard NightlyBackupPlan.extensions.contains(ext) else { return nil }
            self.init(day: day, fileExtension: ext)
        }

        public var text: String { "\(Self.prefix)\(day.text).\(fileExtension)" }
    }

    /// The extensions a nightly backup has; nothing else is ever deleted.
    public static let extensions: Set<String> = ["sqlite", "pgdump"]

    /// Today's London date decides the name, so a backup made at 00:30 in summer time belongs to that day, not the
    /// day before in UTC. `keep` counts today's new file; it is at least 1 (the settings refuse less).
    public static func decide(existing names: [String], now: Date, fileExtension: String, keep: Int) -> Decision {
        let today = FileName(day: CalendarDay(containing: now, in: .london), fileExtension: fileExtension)
        let ours = Set(names.compactMap(FileName.init))
        let write = ours.contains(today) ? nil : today.text
        let all = (write == nil ? ours : ours.union([today])).sorted {
            ($0.day, $0.fileExtension) > ($1.day, $1.fileExtension)
        }
        let delete = all.dropFirst(max(keep, 1)).reversed().map(\.text)
        let leftovers = names.filter { name in
            guard let mark = name.range(of: ".partial-"), let file = FileName(String(name[..<mark.lowerBound])) else {
                return false
            }
            return file.day < today.day
        }
        return Decision(write: write, delete: Array(delete), leftovers: leftovers.sorted())
    }
}
