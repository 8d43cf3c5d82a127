#version 300 es
// Polygon overlay: vertices in plane coordinates relative to the view centre (float32-safe).
in vec2 position;
uniform vec2 uHalfExtent;  // half the view's width and height in plane units
void main() {
  gl_Position = vec4(position / uHalfExtent, 0.0, 1.0);
}
