/// A property every input must keep; a broken one stops the fuzzer (abort), which libFuzzer
/// records as a crash with the input that broke it.
public func require(_ holds: @autoclosure () -> Bool, _ what: @autoclosure () -> String) {
    guard holds() else { fatalError("property broken: " + what()) }
}

/// The fuzzer's input as an array (libFuzzer hands a pointer and a length).
public func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}
