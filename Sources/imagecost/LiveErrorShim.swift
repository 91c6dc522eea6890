// Temporary: the live commands' wrappers until they throw to ErrorPolicy like the rest.
func reportingErrors(_ body: () throws -> Void) rethrows { try body() }
func reportingLedgerErrors(_ body: () throws -> Void) rethrows { try body() }
