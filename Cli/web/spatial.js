// The 3-D view of a spatial arm on neural-ik serve's page: every answer drawn from the joint positions the server
// returns, a target frame to drag (the gizmo's centre moves it in the view plane; R switches to turning it, T back),
// an orbit camera. The same rule as the 2-D view: one request in flight and at most one per animation frame, the
// latest target wins. State for tests: window.ikState.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { TransformControls } from 'three/examples/jsm/controls/TransformControls.js';

const colours = [0x1f6feb, 0xd9480f, 0x2f9e44, 0xae3ec9, 0xe8590c, 0x0c8599, 0xc2255c, 0x5c940d];

export function start(model, state, host, report) {
  const width = host.clientWidth || 900, height = host.clientHeight || 640;
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(width, height);
  renderer.setClearColor(0xffffff);
  host.replaceChildren(renderer.domElement);
  const scene = new THREE.Scene();
  scene.add(new THREE.AmbientLight(0xffffff, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.5);
  sun.position.set(2, -3, 4);
  scene.add(sun);
  const reach = model.reach;
  const camera = new THREE.PerspectiveCamera(45, width / height, 0.01 * reach, 50 * reach);
  camera.up.set(0, 0, 1);
  camera.position.set(1.6 * reach, -2.2 * reach, 1.3 * reach);
  const orbit = new OrbitControls(camera, renderer.domElement);
  orbit.target.set(0, 0, 0.3 * reach);
  orbit.update();
  const grid = new THREE.GridHelper(2 * reach, 10, 0xcccccc, 0xeeeeee);
  grid.rotation.x = Math.PI / 2;
  scene.add(grid);

  const target = new THREE.Group();
  target.add(new THREE.AxesHelper(0.15 * reach));
  target.add(new THREE.Mesh(new THREE.SphereGeometry(0.02 * reach),
    new THREE.MeshBasicMaterial({ color: 0xe03131 })));
  target.position.set(...state.target);
  scene.add(target);
  const gizmo = new TransformControls(camera, renderer.domElement);
  gizmo.attach(target);
  gizmo.setSize(0.8);
  scene.add(gizmo.getHelper());
  gizmo.addEventListener('dragging-changed', e => { orbit.enabled = !e.value; });
  gizmo.addEventListener('objectChange', () => {
    state.target = target.position.toArray();
    state.quaternion = target.quaternion.toArray();
    schedule();
  });
  addEventListener('keydown', e => {
    if (e.key === 'r') gizmo.setMode('rotate');
    if (e.key === 't') gizmo.setMode('translate');
  });

  let arms = new THREE.Group(), inFlight = false, again = false, frame = 0;
  scene.add(arms);
  const radius = 0.018 * reach;

  function link(a, b, material) {
    const from = new THREE.Vector3(...a), to = new THREE.Vector3(...b);
    const length = from.distanceTo(to);
    const mesh = new THREE.Mesh(new THREE.CylinderGeometry(radius, radius, Math.max(length, 1e-6), 16), material);
    mesh.position.copy(from).add(to).multiplyScalar(0.5);
    mesh.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), to.clone().sub(from).normalize());
    return mesh;
  }

  function rebuild() {
    scene.remove(arms);
    arms = new THREE.Group();
    state.answers.forEach((a, k) => {
      const material = new THREE.MeshBasicMaterial({ color: colours[k % colours.length] });
      for (let i = 1; i < a.points.length; i++) arms.add(link(a.points[i - 1], a.points[i], material));
    });
    scene.add(arms);
  }

  function project(p) {
    const v = new THREE.Vector3(...p).project(camera);
    return [(v.x + 1) / 2 * width, (1 - v.y) / 2 * height];
  }

  async function solve() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    const at = state.target.slice();
    const wanted = state.pose ? [...at, ...state.quaternion] : at;
    state.requests++;
    try {
      const r = await fetch('/api/solve', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: model.name, target: wanted, answers: 4, points: true }) });
      const doc = await r.json();
      if (doc.error) { state.status = doc.error; state.answers = []; }
      else {
        state.status = doc.status;
        state.answers = doc.answers.map((a, k) => ({ theta: a.theta, status: a.status,
          position_error: a.position_error, points: doc.points[k] }));
      }
      state.solvedTarget = at;
      rebuild();
      report();
    } finally { inFlight = false; }
    if (again) { again = false; solve(); }
  }

  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; solve(); });
  }

  (function loop() {
    renderer.render(scene, camera);
    state.targetPixel = project(target.position.toArray());
    state.endPixels = state.answers.map(a => project(a.points[a.points.length - 1]));
    requestAnimationFrame(loop);
  })();
  window.ikSpatial = { project, camera };
  return solve();
}
