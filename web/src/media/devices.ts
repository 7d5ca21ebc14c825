// The point's devices: which camera, microphone and speaker, remembered on
// the machine, and the local stream the console previews and sends.
export interface DeviceChoice {
  cameraId: string | null;
  micId: string | null;
  speakerId: string | null;
}

const KEY = 'giaoban.devices';

export function savedDevices(): DeviceChoice {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) return JSON.parse(raw) as DeviceChoice;
  } catch {}
  return { cameraId: null, micId: null, speakerId: null };
}

export function saveDevices(choice: DeviceChoice): void {
  localStorage.setItem(KEY, JSON.stringify(choice));
}

export async function listDevices(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  return navigator.mediaDevices.enumerateDevices();
}

/** Opens the chosen camera and microphone (640×480 is the highest layer the briefing sends). */
export async function openLocalStream(choice: DeviceChoice): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: choice.micId ? { deviceId: { exact: choice.micId } } : true,
    video: {
      width: { ideal: 640 },
      height: { ideal: 480 },
      frameRate: { ideal: 25, max: 30 },
      ...(choice.cameraId ? { deviceId: { exact: choice.cameraId } } : {}),
    },
  });
}
