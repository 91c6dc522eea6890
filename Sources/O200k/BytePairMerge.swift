/// Rank-based byte-pair merging (tiktoken's `_byte_pair_merge`), keyed by the concatenated bytes.
///
/// Start from single bytes; repeatedly merge the adjacent pair whose concatenation has the lowest rank
/// (ties: leftmost); stop when no adjacent concatenation is a token. Two implementations with identical
/// output: a small quadratic one for short pieces, and a linked list + binary heap for long pieces
/// (a 32,000-character unbroken Japanese prompt is one 96 KB piece).
enum BytePairMerge {
  /// Pieces at least this long (in bytes) use the heap-based merge.
  static let heapThreshold = 24

  /// Appends the ranks of `piece` to the output through `emit`.
  @inline(__always)
  static func encode(_ piece: UnsafeBufferPointer<UInt8>, _ vocabulary: Vocabulary, _ emit: (Int) -> Void) {
    let base = piece.baseAddress!
    let length = piece.count
    let whole = vocabulary.rank(base, length)
    if whole != Vocabulary.noRank {
      emit(Int(whole))
    } else if length < heapThreshold {
      mergeSmall(base, length, vocabulary, emit)
    } else {
      mergeLarge(base, length, vocabulary, emit)
    }
  }

  /// Quadratic merge over an array of part starts (like tiktoken's vector version).
  static func mergeSmall(
    _ base: UnsafePointer<UInt8>, _ length: Int, _ vocabulary: Vocabulary, _ emit: (Int) -> Void
  ) {
    // parts[i] = start of part i; ranks[i] = rank of merging part i with part i + 1.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: length + 1) { starts in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: length + 1) { ranks in
        var partCount = length  // number of parts; starts[partCount] == length
        for i in 0...length { starts[i] = i }
        for i in 0..<length - 1 { ranks[i] = vocabulary.rank(base + i, 2) }
        ranks[length - 1] = Vocabulary.noRank

        /// Rank of parts i and i + 1 merged, if part i + 1 is followed by another part.
        @inline(__always) func pairRank(_ i: Int) -> UInt32 {
          i + 2 <= partCount ? vocabulary.rank(base + starts[i], starts[i + 2] - starts[i]) : Vocabulary.noRank
        }

        while true {
          var minRank = Vocabulary.noRank
          var minIndex = 0
          for i in 0..<partCount - 1 where ranks[i] < minRank {
            minRank = ranks[i]
            minIndex = i
          }
          if minRank == Vocabulary.noRank { break }
          // Merge parts minIndex and minIndex + 1: remove start minIndex + 1.
          var j = minIndex + 1
          while j < partCount {
            starts[j] = starts[j + 1]
            ranks[j] = ranks[j + 1]
            j += 1
          }
          partCount -= 1
          ranks[minIndex] = pairRank(minIndex)
          if minIndex > 0 { ranks[minIndex - 1] = pairRank(minIndex - 1) }
        }
        for i in 0..<partCount {
          emit(Int(vocabulary.rank(base + starts[i], starts[i + 1] - starts[i])))
        }
      }
    }
  }

  /// O(n log n) merge: parts as a doubly linked list over byte positions, candidate pairs in a min-heap of
  /// `rank << 40 | start`, stale heap entries skipped on pop (the current pair rank at `start` differs).
  static func mergeLarge(
    _ base: UnsafePointer<UInt8>, _ length: Int, _ vocabulary: Vocabulary, _ emit: (Int) -> Void
  ) {
    let dead = Vocabulary.noRank - 1
    withUnsafeTemporaryAllocation(of: Int.self, capacity: length) { next in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: length) { prev in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: length) { pairRanks in
          withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * length) { heap in
            var heapCount = 0

            @inline(__always) func push(_ rank: UInt32, _ start: Int) {
              var i = heapCount
              let entry = UInt64(rank) << 40 | UInt64(start)
              heapCount += 1
              while i > 0 {
                let parent = (i - 1) >> 1
                if heap[parent] <= entry { break }
                heap[i] = heap[parent]
                i = parent
              }
              heap[i] = entry
            }

            @inline(__always) func pop() -> UInt64 {
              let top = heap[0]
              heapCount -= 1
              let last = heap[heapCount]
              var i = 0
              while true {
                var child = 2 * i + 1
                if child >= heapCount { break }
                if child + 1 < heapCount && heap[child + 1] < heap[child] { child += 1 }
                if last <= heap[child] { break }
                heap[i] = heap[child]
                i = child
              }
              heap[i] = last
              return top
            }

            // Part starting at byte i spans [i, next[i]).
            for i in 0..<length {
              next[i] = i + 1
              prev[i] = i - 1
            }
            for i in 0..<length - 1 {
              let rank = vocabulary.rank(base + i, 2)
              pairRanks[i] = rank
              if rank != Vocabulary.noRank { push(rank, i) }
            }
            pairRanks[length - 1] = Vocabulary.noRank

            while heapCount > 0 {
              let entry = pop()
              let rank = UInt32(truncatingIfNeeded: entry >> 40)
              let start = Int(truncatingIfNeeded: entry & 0xFF_FFFF_FFFF)
              if pairRanks[start] != rank { continue }  // stale
              // Merge the part at `start` with the following one.
              let right = next[start]
              let end = next[right]
              next[start] = end
              if end < length { prev[end] = start }
              pairRanks[right] = dead
              // New pair to the right.
              if end < length {
                let r = vocabulary.rank(base + start, next[end] - start)
                pairRanks[start] = r
                if r != Vocabulary.noRank { push(r, start) }
              } else {
                pairRanks[start] = Vocabulary.noRank
              }
              // New pair to the left.
              let left = prev[start]
              if left >= 0 {
                let r = vocabulary.rank(base + left, end - left)
                pairRanks[left] = r
                if r != Vocabulary.noRank { push(r, left) }
              }
            }
            var i = 0
            while i < length {
              emit(Int(vocabulary.rank(base + i, next[i] - i)))
              i = next[i]
            }
          }
        }
      }
    }
  }
}
