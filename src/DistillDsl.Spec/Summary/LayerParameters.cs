namespace DistillDsl.Spec.Summary
{
    /// <summary>Trainable parameter counts of the layers the backbones and students are built from, as PyTorch and
    /// TorchSharp count them: convolution and linear weights and biases, batch-norm weight and bias. A batch norm's
    /// running mean and variance are buffers, not parameters.</summary>
    public static class LayerParameters
    {
        /// <summary>A k×k convolution without bias (every convolution followed by a batch norm here).</summary>
        public static long Conv(int inChannels, int outChannels, int kernel) => (long)inChannels * outChannels * kernel * kernel;

        /// <summary>A k×k depthwise convolution without bias (one filter per channel).</summary>
        public static long DepthwiseConv(int channels, int kernel) => (long)channels * kernel * kernel;

        /// <summary>A 1×1 convolution (or linear layer) with bias.</summary>
        public static long PointwiseWithBias(int inChannels, int outChannels) => (long)inChannels * outChannels + outChannels;

        public static long BatchNorm(int channels) => 2L * channels;

        /// <summary>Convolution without bias + batch norm (+ an activation, which has no parameters).</summary>
        public static long ConvBn(int inChannels, int outChannels, int kernel) => Conv(inChannels, outChannels, kernel) + BatchNorm(outChannels);

        /// <summary>torchvision's BasicBlock: two 3×3 conv + BN, plus the 1×1 projection + BN of the shortcut when
        /// the stride or the channel count changes.</summary>
        public static long BasicBlock(int inChannels, int outChannels, int stride)
        {
            long main = ConvBn(inChannels, outChannels, 3) + ConvBn(outChannels, outChannels, 3);
            bool projects = stride != 1 || inChannels != outChannels;
            return main + (projects ? ConvBn(inChannels, outChannels, 1) : 0);
        }

        /// <summary>Reverse Distillation's upsampling decoder block: relu(bn2(conv2(relu(bn1(tconv1(x))))) + bn(tconv(x))), where
        /// tconv1 and the shortcut's tconv are 2×2 stride-2 transposed convolutions without bias (a transposed convolution has
        /// as many weights as a convolution of the same channels and kernel) and conv2 is a 3×3 convolution.</summary>
        public static long UpsamplingBlock(int inChannels, int outChannels) =>
            ConvBn(inChannels, outChannels, 2) + ConvBn(outChannels, outChannels, 3) + ConvBn(inChannels, outChannels, 2);

        /// <summary>torchvision's MBConv block of EfficientNet: 1×1 expansion conv + BN (left out when the ratio is 1),
        /// k×k depthwise conv + BN, squeeze-and-excitation (two 1×1 convs with bias, squeezing to max(1, in / 4)
        /// channels), 1×1 projection conv + BN. Stochastic depth has no parameters.</summary>
        public static long MBConv(int inChannels, int outChannels, int expandRatio, int kernel)
        {
            int hidden = inChannels * expandRatio;
            int squeezed = System.Math.Max(1, inChannels / 4);
            long expand = expandRatio == 1 ? 0 : ConvBn(inChannels, hidden, 1);
            long depthwise = DepthwiseConv(hidden, kernel) + BatchNorm(hidden);
            long squeezeExcitation = PointwiseWithBias(hidden, squeezed) + PointwiseWithBias(squeezed, hidden);
            long project = ConvBn(hidden, outChannels, 1);
            return expand + depthwise + squeezeExcitation + project;
        }
    }
}
