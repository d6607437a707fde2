/// A column a bulk insert writes: its name and how a row gives its value. A table's columns are listed once, as
/// an array of these, so the names and the values of a multi-row insert cannot fall out of step (issue 14: the
/// 42 columns of `crimes` were two parallel lists). Each value is a plain closure, not a key path, so reading a
/// row costs a call per column, as the array literal it replaces did.
struct BulkColumn<Row>: Sendable {
    let name: String
    let value: @Sendable (Row) -> BulkValue

    init(_ name: String, _ value: @escaping @Sendable (Row) -> BulkValue) {
        self.name = name
        self.value = value
    }
}

extension Array {
    /// The columns' names, in order.
    func names<Row>() -> [String] where Element == BulkColumn<Row> { map(\.name) }

    /// `row`'s values, in the columns' order.
    func values<Row>(of row: Row) -> [BulkValue] where Element == BulkColumn<Row> {
        var values: [BulkValue] = []
        values.reserveCapacity(count)
        for column in self { values.append(column.value(row)) }
        return values
    }
}

/// A row with the place and publisher police.uk gives each street-file row, which `crimes` and `incidents` both
/// keep in the same columns.
protocol PublishedPlaceRow: Sendable {
    var borough: String? { get }
    var reportedBy: String { get }
    var fallsWithin: String { get }
    var location: String { get }
    var longitude: Double? { get }
    var latitude: Double? { get }
    var lsoaCode: String? { get }
    var lsoaName: String? { get }
    var context: String { get }
}

extension PublishedPlaceRow {
    /// The place and publisher columns, defined once for both tables.
    static var publishedPlaceColumns: [BulkColumn<Self>] {
        [
            BulkColumn("borough") { BulkValue($0.borough) },
            BulkColumn("reported_by") { .text($0.reportedBy) },
            BulkColumn("falls_within") { .text($0.fallsWithin) },
            BulkColumn("location") { .text($0.location) },
            BulkColumn("longitude") { BulkValue($0.longitude) },
            BulkColumn("latitude") { BulkValue($0.latitude) },
            BulkColumn("lsoa_code") { BulkValue($0.lsoaCode) },
            BulkColumn("lsoa_name") { BulkValue($0.lsoaName) },
            BulkColumn("context") { .text($0.context) },
        ]
    }
}
