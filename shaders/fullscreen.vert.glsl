#version 300 es
// A full-screen triangle pair; the fragment shaders work from gl_FragCoord.
in vec2 position;
void main() {
  gl_Position = vec4(position, 0.0, 1.0);
}
