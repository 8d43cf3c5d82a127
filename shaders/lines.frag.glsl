#version 300 es
precision highp float;
// Solid colour for the polygon overlay and the pinned region.
uniform vec4 uColour;
out vec4 fragColor;
void main() {
  fragColor = uColour;
}
