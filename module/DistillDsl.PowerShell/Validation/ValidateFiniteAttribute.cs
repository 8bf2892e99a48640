using System.Management.Automation;

namespace DistillDsl.PowerShell.Validation;

/// <summary>Refuses NaN and ±Infinity for a double parameter: no score is at or above NaN, so <c>-Threshold NaN</c> would
/// silently call every image normal (and +Infinity does the same, -Infinity calls every image anomalous).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateFiniteAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is double number && !double.IsFinite(number))
        {
            throw new ValidationMetadataException($"The value must be a finite number, not {number.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }
}
