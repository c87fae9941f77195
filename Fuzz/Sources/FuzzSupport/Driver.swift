import CFuzzerDriver

#if canImport(Glibc)
    import Glibc
#endif

/// Runs libFuzzer with the process's arguments on `callback`, then exits with libFuzzer's status.
///
/// SwiftPM links every executable with a `main` of its own (its `@main` type's), so libFuzzer's
/// `main` is never used; `LLVMFuzzerRunDriver` is libFuzzer's entry for exactly that case.
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv, callback)
    exit(status)
}
