namespace DistillDsl.Spec.Backbones
{
    /// <summary>How an RGB image in [0, 1] becomes a teacher's input.</summary>
    public enum InputNormalization
    {
        /// <summary>torchvision's ImageNet convention: (x − mean) / std with mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
        ImageNet,

        /// <summary>CNTK/Caffe convention used by the ResNet-18 of Microsoft.ML.DnnImageFeaturizer: channels in BGR order,
        /// 0..255, minus a per-channel mean, no division.</summary>
        BgrMean,
    }
}
