using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace DistillDsl.Spec.Collections
{
    /// <summary>An immutable array compared by its elements, so that records holding lists stay value-equal
    /// (what an incremental generator needs to cache). <c>default</c> is the empty array.</summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    {
        private readonly T[]? items;

        /// <summary>Copies <paramref name="items"/>, so later changes to the source do not leak in.</summary>
        public EquatableArray(IEnumerable<T> items)
        {
            this.items = items.ToArray();
        }

        public static EquatableArray<T> Empty => default;

        public int Count => items?.Length ?? 0;

        public T this[int index] => (items ?? throw new IndexOutOfRangeException())[index];

        public bool IsEmpty => Count == 0;

        public bool Equals(EquatableArray<T> other)
        {
            if (Count != other.Count) return false;
            var comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < Count; i++)
            {
                if (!comparer.Equals(items![i], other.items![i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            var comparer = EqualityComparer<T>.Default;
            int hash = 17;
            foreach (T item in this)
            {
                hash = unchecked(hash * 31 + (item is null ? 0 : comparer.GetHashCode(item)));
            }
            return hash;
        }

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "[" + string.Join(", ", this) + "]";
    }

    /// <summary>Creation helpers for <see cref="EquatableArray{T}"/>.</summary>
    public static class EquatableArray
    {
        public static EquatableArray<T> Create<T>(params T[] items) => new EquatableArray<T>(items);

        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new EquatableArray<T>(items);
    }
}
