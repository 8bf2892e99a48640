using System;
using System.Globalization;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>The allowed values of a number key, with the words a message uses for them.</summary>
    internal sealed class NumberRange
    {
        private readonly Func<double, bool> contains;

        private NumberRange(Func<double, bool> contains, string description, bool isPositive)
        {
            this.contains = contains;
            Description = description;
            IsPositive = isPositive;
        }

        /// <summary>Anything finite.</summary>
        public static NumberRange Any { get; } = new NumberRange(_ => true, "a finite number", false);

        /// <summary>Greater than 0 (reported with its own diagnostic, DD0007).</summary>
        public static NumberRange Positive { get; } = new NumberRange(v => v > 0, "greater than 0", true);

        public static NumberRange NonNegative { get; } = new NumberRange(v => v >= 0, "at least 0", false);

        /// <summary>[0, 1): fractions such as a validation split or a momentum.</summary>
        public static NumberRange Fraction { get; } = new NumberRange(v => v >= 0 && v < 1, "at least 0 and less than 1", false);

        public static NumberRange AtLeast(double minimum) =>
            new NumberRange(v => v >= minimum, "at least " + minimum.ToString(CultureInfo.InvariantCulture), false);

        public static NumberRange Between(double minimum, double maximum) =>
            new NumberRange(v => v >= minimum && v <= maximum,
                $"between {minimum.ToString(CultureInfo.InvariantCulture)} and {maximum.ToString(CultureInfo.InvariantCulture)}", false);

        public static NumberRange PositiveAtMost(double maximum) =>
            new NumberRange(v => v > 0 && v <= maximum, "greater than 0 and at most " + maximum.ToString(CultureInfo.InvariantCulture), false);

        /// <summary>An odd whole number ≥ 1 (kernel sizes with "same" padding).</summary>
        public static NumberRange OddAtLeastOne { get; } = new NumberRange(v => v >= 1 && v % 2 == 1, "an odd number at least 1", false);

        public string Description { get; }

        public bool IsPositive { get; }

        public bool Contains(double value) => contains(value);
    }
}
