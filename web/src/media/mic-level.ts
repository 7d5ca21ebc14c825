// A live microphone level (0–1) for the setup screen, ten times a second:
// enough to see the needle move, cheap on an old PC.
export function watchMicLevel(
  track: MediaStreamTrack,
  onLevel: (level: number) => void,
): () => void {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const v of samples) sum += v * v;
    const rms = Math.sqrt(sum / samples.length);
    // Speech sits around 0.02–0.2 RMS; scale so a normal voice fills most of the bar.
    onLevel(Math.min(1, rms * 5));
  }, 100);
  void context.resume();
  return () => {
    clearInterval(timer);
    source.disconnect();
    void context.close();
  };
}
