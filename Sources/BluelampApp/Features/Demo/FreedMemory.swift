#if canImport(Glibc)
    import Glibc
#endif

/// Hands memory the process has freed back to the system.
///
/// The demo builds a month of rows (about a gigabyte at the Met's scale) on one thread while the month before is
/// written on another, and SQLite's 64 MB page cache of each month's write is allocated and freed again. glibc keeps
/// freed memory in a pool per thread for reuse, so the resident size crept up month after month (2.58 GB in year
/// six of ten against 1.6 GB at one year). `malloc_trim` returns what the pools hold unused. It is not in the
/// headers Swift imports from glibc, so it is looked up once by name; elsewhere this does nothing.
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
            guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: Trim.self)
        #else
            return nil
        #endif
    }()

    static func release() {
        _ = trim?(0)
    }
}
