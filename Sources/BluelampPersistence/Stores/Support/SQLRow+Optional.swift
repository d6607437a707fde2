import SQLKit

extension SQLRow {
    /// A column that may be NULL, read by name. Asking whether it is NULL first keeps the read off the row
    /// decoder's slow path for optional types; hot reads (the crime search, the BCU list) decode their rows column
    /// by column this way rather than through a `Decodable` row.
    func decodeOptional<T: Decodable>(column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: type)
    }
}
