using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Torch;

/// <summary>Tensor arithmetic with plain numbers, holding the number's <see cref="Scalar"/> until LibTorch has used it.</summary>
/// <remarks>TorchSharp 0.107 turns a number in <c>tensor * 0.5</c>, <c>div_(255f)</c> or <c>clamp_(0f, 1f)</c> into a
/// Scalar that it never disposes; the object can become unreachable while the native call still reads it, and the GC's
/// finalizer thread then frees it under LibTorch ("Unknown scalar type" from <c>mul</c> or <c>div_</c>, seen in CI and in
/// training runs; dotnet/TorchSharp PR #1434). Library code, model building included, uses these helpers instead, and the
/// trainer's SGD and Adam (<c>Training/SGD</c>, <c>Training/Adam</c>) hold their steps' numbers the same way.</remarks>
public static class ScalarArithmetic
{
    public static Tensor Mul(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.mul(scalar);
    }

    public static Tensor MulInPlace(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.mul_(scalar);
    }

    public static Tensor Sub(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.sub(scalar);
    }

    public static Tensor Div(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.div(scalar);
    }

    public static Tensor DivInPlace(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.div_(scalar);
    }

    public static Tensor FillInPlace(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.fill_(scalar);
    }

    public static Tensor ClampInPlace(Tensor tensor, double min, double max)
    {
        using Scalar low = min.ToScalar();
        using Scalar high = max.ToScalar();
        return tensor.clamp_(low, high);
    }

    public static Tensor ClampMin(Tensor tensor, double min)
    {
        using Scalar low = min.ToScalar();
        return tensor.clamp_min(low);
    }

    public static Tensor GreaterThan(Tensor tensor, double value)
    {
        using Scalar scalar = value.ToScalar();
        return tensor.gt(scalar);
    }
}
