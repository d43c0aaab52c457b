import tBraveEagerSalamanderPJSalt from './BraveEagerSalamanderPJSalt-4kQ2mVn8Xc1RtY7b.json' with { type: 'json' };
import tCalmSturdyHeronOpieOP from './CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B.json' with { type: 'json' };
import tCleverQuietOtterCoolCat from './CleverQuietOtterCoolCat-Hq3Lm9Tz0XwYb2Vc.json' with { type: 'json' };
import tDizzySharpFoxNotLikeThis from './DizzySharpFoxNotLikeThis-Lc2_Vd9Hs4Qp7Wm1.json' with { type: 'json' };
import tElegantSmoothTapirBibleThump from './ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd.json' with { type: 'json' };
import tFuzzyHonestLlamaVoHiYo from './FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S.json' with { type: 'json' };
import tHugeTenderWalrusNotLikeThis from './HugeTenderWalrusNotLikeThis-pX8c_JvN2aQe5Rt0.json' with { type: 'json' };
import tLoudBrightCreeperBabyRage from './LoudBrightCreeperBabyRage-Vn7Rk3Pw0Qs9Lm2D.json' with { type: 'json' };
import tQuietSleepyMothResidentSleeper from './QuietSleepyMothResidentSleeper-Ts5Gz0Kw8Hm2Nb7V.json' with {
  type: 'json',
};
import tShyFancyKoalaSeemsGood from './ShyFancyKoalaSeemsGood-d2Fh8Kw5Ny1Tq6Lz.json' with { type: 'json' };
import tSillyHumbleOcelotKappaPride from './SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp.json' with { type: 'json' };
import tTinyShinyPenguinPogChamp from './TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k.json' with { type: 'json' };
import tWildSneakyBadgerTriHard from './WildSneakyBadgerTriHard-Jm4vQ9zLr2Kp7Xs1.json' with { type: 'json' };

/**
 * The bundled sample transcripts (Whisper-shaped, one per clip id), so the Worker can run the
 * offline provider without a file system. The CLI reads the same files from TRANSCRIPTS_DIR.
 */
export const SAMPLE_TRANSCRIPTS: Readonly<Record<string, unknown>> = {
  'BraveEagerSalamanderPJSalt-4kQ2mVn8Xc1RtY7b': tBraveEagerSalamanderPJSalt,
  'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B': tCalmSturdyHeronOpieOP,
  'CleverQuietOtterCoolCat-Hq3Lm9Tz0XwYb2Vc': tCleverQuietOtterCoolCat,
  'DizzySharpFoxNotLikeThis-Lc2_Vd9Hs4Qp7Wm1': tDizzySharpFoxNotLikeThis,
  'ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd': tElegantSmoothTapirBibleThump,
  'FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S': tFuzzyHonestLlamaVoHiYo,
  'HugeTenderWalrusNotLikeThis-pX8c_JvN2aQe5Rt0': tHugeTenderWalrusNotLikeThis,
  'LoudBrightCreeperBabyRage-Vn7Rk3Pw0Qs9Lm2D': tLoudBrightCreeperBabyRage,
  'QuietSleepyMothResidentSleeper-Ts5Gz0Kw8Hm2Nb7V': tQuietSleepyMothResidentSleeper,
  'ShyFancyKoalaSeemsGood-d2Fh8Kw5Ny1Tq6Lz': tShyFancyKoalaSeemsGood,
  'SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp': tSillyHumbleOcelotKappaPride,
  'TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k': tTinyShinyPenguinPogChamp,
  'WildSneakyBadgerTriHard-Jm4vQ9zLr2Kp7Xs1': tWildSneakyBadgerTriHard,
};
