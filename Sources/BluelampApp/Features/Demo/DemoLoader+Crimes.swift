import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// Twelve months (× years) of crimes in every BCU and this month's so far, when there are none yet:
    /// about 20,000 a year at small scale, the Met's 921,080 a year at met scale (see `DemoCrimeGenerator`),
    /// each month's crimes that reached an investigator with their allocation (`DemoAllocationPlanner`).
    func loadCrimes(progress: TerminalProgress?) async throws -> Int {
        guard try await !CrimeDemoStore.hasCrimes(on: database) else { return 0 }
        let generator = DemoCrimeGenerator(seed: seed, scale: scale, years: years, now: now)
        var planner = try await allocationPlanner()
        let total = generator.totalCrimes
        var done = 0
        for index in generator.months.indices {
            var crimes = generator.month(index, firstNumber: done + 1)
            let allocations = planner?.allocate(&crimes) ?? []
            let ids = try await CrimeDemoStore.insert(crimes, forceName: "Metropolitan Police Service", on: database)
            try await AllocationDemoStore.insert(allocations, crimeIDs: ids, on: database)
            done += generator.count(inMonth: index)
            progress?.report("Crimes", min(done, total), total)
        }
        return done
    }

    /// Loads the demo's crimes from police.uk files instead: every `.csv` and `.csv.gz` street and
    /// outcomes file in `directory` (and below it), street files first. A file that is refused is reported
    /// and skipped; the others still load.
    func loadCrimes(fromPoliceUK directory: String, progress: TerminalProgress?) async throws -> [PoliceUKImportReport] {
        let root = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw CommandFailure(message: "cannot read the directory \(directory)")
        }
        var files: [String] = []
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(".csv") || url.lastPathComponent.hasSuffix(".csv.gz") {
            let name = url.lastPathComponent
            if name.contains("-street") || name.contains("-outcomes") { files.append(url.path) }
        }
        var reports: [PoliceUKImportReport] = []
        for path in PoliceUKFiles.importOrder(files.sorted()) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            // Outcomes for crimes outside the files (earlier months) cannot attach: keep the rest.
            let report = try await PoliceUKImporter.importFile(
                path: path, options: .init(skipBad: true, importedBy: "bluelamp demo", now: now), on: database,
                progress: { done, total in progress?.report(name, done, total) })
            reports.append(report)
        }
        return reports
    }
}
